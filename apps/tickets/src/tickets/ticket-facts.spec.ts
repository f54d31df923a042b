import { eventDateOf, purchaseKey, seatKey } from './ticket-facts';

describe('purchase key', () => {
  it('is the payment when the message names one', () => {
    expect(purchaseKey('pay-1', 'msg-1')).toBe('payment:pay-1');
    expect(purchaseKey(' pay-1 ', 'msg-2')).toBe('payment:pay-1');
  });

  it('is the message id (header, else Kafka key) for the original payload without a payment', () => {
    expect(purchaseKey(undefined, 'msg-1')).toBe('message:msg-1');
    expect(purchaseKey('  ', 'msg-1')).toBe('message:msg-1');
  });
});

describe('event date', () => {
  it('reads ISO dates and ignores what is not a date', () => {
    expect(eventDateOf('2030-09-25T21:00:00.000-03:00')?.toISOString()).toBe('2030-09-26T00:00:00.000Z');
    expect(eventDateOf('soon')).toBeUndefined();
    expect(eventDateOf('')).toBeUndefined();
    expect(eventDateOf(undefined)).toBeUndefined();
  });
});

describe('seat key', () => {
  it('keeps the purchase key for seat 1 (a redelivered old message finds its ticket), one per other seat', () => {
    expect(seatKey('payment:pay-1', 1)).toBe('payment:pay-1');
    expect(seatKey('payment:pay-1', 2)).toBe('payment:pay-1:seat:2');
    expect(new Set([1, 2, 3].map((n) => seatKey('payment:pay-1', n))).size).toBe(3);
  });
});
