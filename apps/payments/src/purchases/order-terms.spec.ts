import type { SeatHold } from './events.client';
import { isOrder, orderTerms, refundableUntil } from './order-terms';

const hold = (overrides: Partial<SeatHold> = {}, event: Partial<SeatHold['event']> = {}): SeatHold => ({
  payment_id: 'p',
  event_id: '42',
  status: 'HELD',
  expires_at: new Date(),
  quantity: 1,
  ticket_type: { id: '7', name: 'General admission' },
  ...overrides,
  event: {
    name: 'Show',
    description: '',
    image_url: '',
    price: 150.5,
    currency: 'BRL',
    event_date: '2030-09-26T00:00:00.000Z',
    refund_cutoff_hours: 24,
    ...event,
  },
});

describe('order terms', () => {
  it('an order of 3: amount = unit price × 3, with the type events held', () => {
    const terms = orderTerms({ quantity: 3 }, hold({ quantity: 3, ticket_type: { id: '9', name: 'VIP' } }));
    expect(terms).toEqual({
      quantity: 3,
      amount: 451.5,
      unitPrice: 150.5,
      ticketTypeId: '9',
      ticketTypeName: 'VIP',
      refundableUntil: new Date('2030-09-25T00:00:00.000Z'),
    });
  });

  it("the original's body (no order fields) is one seat, with no ticket type recorded", () => {
    expect(orderTerms({}, hold())).toMatchObject({
      quantity: 1,
      amount: 150.5,
      unitPrice: 150.5,
      ticketTypeId: null,
      ticketTypeName: null,
    });
    expect(isOrder({})).toBe(false);
    expect(isOrder({ quantity: null as unknown as number })).toBe(false);
    expect(isOrder({ quantity: 1 })).toBe(true);
    expect(isOrder({ ticket_type_id: '7' })).toBe(true);
  });

  it('event_amount is the price of one seat: another amount (the total included) is 409 AMOUNT_MISMATCH', () => {
    const three = hold({ quantity: 3 });
    expect(orderTerms({ quantity: 3, event_amount: 150.5 }, three).amount).toBe(451.5);
    expect(() => orderTerms({ quantity: 3, event_amount: 451.5 }, three)).toThrow(
      expect.objectContaining({
        code: 'AMOUNT_MISMATCH',
        status: 409,
        details: { price: 150.5, currency: 'BRL' },
      }),
    );
  });

  it('refundable until the event date minus the cutoff; no date or no cutoff: no limit', () => {
    expect(refundableUntil('2030-09-26T00:00:00.000Z', 48)).toEqual(new Date('2030-09-24T00:00:00.000Z'));
    expect(refundableUntil('2030-09-26T00:00:00.000Z', 0)).toEqual(new Date('2030-09-26T00:00:00.000Z'));
    expect(refundableUntil(null, 24)).toBeNull();
    expect(refundableUntil('2030-09-26T00:00:00.000Z', undefined)).toBeNull();
    expect(refundableUntil('not a date', 24)).toBeNull();
  });
});
