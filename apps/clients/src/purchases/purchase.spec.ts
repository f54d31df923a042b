import { Clients, Payments } from '@event-tickets/contracts';
import {
  buyerOf,
  orderOf,
  ownerOf,
  sendTicketKey,
  sendTicketPayload,
  type PaymentSucceeded,
} from './purchase';

/** A PAYMENT_SUCCEEDED as read from the wire (through the contract, as the consumer host does). */
function payment(overrides: Record<string, unknown> = {}): PaymentSucceeded {
  const parsed = Payments.PaymentSucceededV1.parse({
    user_name: 'Ana',
    user_email: 'Ana@Example.com',
    event_id: '42',
    event_name: 'Rock in Rio',
    event_description: 'Music festival',
    event_image_url: 'https://img.example.com/rir.png',
    user_language: 'pt',
    ...overrides,
  });
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.payload;
}

describe(buyerOf.name, () => {
  it('takes the name and email of the payment', () => {
    expect(buyerOf(payment())).toEqual({ name: 'Ana', email: 'Ana@Example.com', nameFallback: false });
  });

  it('falls back to the local part of the email when user_name is empty or blank', () => {
    expect(buyerOf(payment({ user_name: '', user_email: 'ana.silva@example.com' }))).toEqual({
      name: 'ana.silva',
      email: 'ana.silva@example.com',
      nameFallback: true,
    });
    expect(buyerOf(payment({ user_name: '   ' })).name).toBe('Ana');
    expect(buyerOf(payment({ user_name: undefined, user_email: '"a@b"@example.com' })).name).toBe('"a@b"');
  });

  it('uses the whole email when there is no local part', () => {
    expect(buyerOf(payment({ user_name: '', user_email: '@example.com' })).name).toBe('@example.com');
    expect(buyerOf(payment({ user_name: '', user_email: 'no-at-sign' })).name).toBe('no-at-sign');
  });
});

describe(sendTicketPayload.name, () => {
  it('maps the original format to the original camelCase SEND_TICKET, nothing added', () => {
    const p = payment();
    const out = Clients.SendTicketV1.create(sendTicketPayload(p, buyerOf(p)));
    expect(out).toEqual({
      name: 'Ana',
      email: 'Ana@Example.com',
      eventId: '42',
      eventName: 'Rock in Rio',
      eventDescription: 'Music festival',
      eventImageUrl: 'https://img.example.com/rir.png',
      language: 'pt',
    });
    expect(sendTicketKey(p, buyerOf(p))).toBe('ana@example.com');
  });

  it('passes payment_id and event_date on as paymentId and eventDate, keyed by the payment', () => {
    const p = payment({
      payment_id: 'pay-1',
      amount: 150.5,
      currency: 'BRL',
      event_date: '2030-09-25T20:00:00.000Z',
    });
    const out = Clients.SendTicketV1.create(sendTicketPayload(p, buyerOf(p)));
    expect(out).toMatchObject({ paymentId: 'pay-1', eventDate: '2030-09-25T20:00:00.000Z' });
    expect(out).not.toHaveProperty('amount');
    expect(out).not.toHaveProperty('userId');
    expect(sendTicketKey(p, buyerOf(p))).toBe('pay-1');
  });

  it('passes the buying account on as userId: the ticket belongs to it', () => {
    const p = payment({ payment_id: 'pay-1', user_id: 'user-ana' });
    expect(Clients.SendTicketV1.create(sendTicketPayload(p, buyerOf(p)))).toMatchObject({
      paymentId: 'pay-1',
      userId: 'user-ana',
    });
  });
});

describe('order fields', () => {
  it('passes quantity, ticket type id and name on to SEND_TICKET and the order to CLIENT_CREATED', () => {
    const p = payment({
      payment_id: 'pay-3',
      quantity: 3,
      ticket_type_id: '7',
      ticket_type_name: 'VIP',
      unit_price: 50,
    });
    const out = Clients.SendTicketV1.create(sendTicketPayload(p, buyerOf(p)));
    expect(out).toMatchObject({ paymentId: 'pay-3', quantity: 3, ticketTypeId: '7', ticketTypeName: 'VIP' });
    expect(out).not.toHaveProperty('unitPrice');
    expect(out).not.toHaveProperty('unit_price');
    expect(orderOf(p)).toEqual({ quantity: 3, ticket_type_id: '7' });
  });

  it('adds none of them when the payment has none', () => {
    const p = payment({ payment_id: 'pay-1' });
    const out = Clients.SendTicketV1.create(sendTicketPayload(p, buyerOf(p)));
    for (const field of ['quantity', 'ticketTypeId', 'ticketTypeName']) expect(out).not.toHaveProperty(field);
    expect(orderOf(p)).toEqual({});
  });
});

describe(ownerOf.name, () => {
  it('is the buying account, since the time payments paid it', () => {
    expect(ownerOf(payment({ user_id: 'user-ana' }), '2026-11-24T12:00:00.000Z')).toEqual({
      userId: 'user-ana',
      since: new Date('2026-11-24T12:00:00.000Z'),
    });
  });

  it('is now when the time is missing or unreadable', () => {
    const before = Date.now();
    for (const occurredAt of [undefined, 'soon']) {
      const owner = ownerOf(payment({ user_id: 'user-ana' }), occurredAt);
      expect(owner?.userId).toBe('user-ana');
      expect(owner!.since.getTime()).toBeGreaterThanOrEqual(before);
    }
  });

  it("is nobody for the original's payments (no user_id)", () => {
    expect(ownerOf(payment(), '2026-11-24T12:00:00.000Z')).toBeUndefined();
  });
});
