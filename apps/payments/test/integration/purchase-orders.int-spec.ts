import { queryDatabase, readTopic } from '@event-tickets/testing';
import { type Buyer, PaymentsStack } from '../support/payments-stack';

jest.setTimeout(180_000);

interface Answer {
  payment_id: string;
  status: string;
  code?: string;
  message?: string;
  details?: Record<string, unknown>;
}

/** Orders of several seats and of a ticket type: POST /payments with quantity / ticket_type_id, on the real events app. */
describe('purchase orders (quantity, ticket types)', () => {
  let stack: PaymentsStack;

  /** The event's ticket types as events keeps them: the default first, then by position. */
  const types = (eventId: number) =>
    queryDatabase<{ id: number; name: string; held: number; sold: number }>(
      stack.eventsDb.name,
      `SELECT id, name, held, sold FROM ticket_types WHERE event_id = $1 ORDER BY is_default DESC, position, id`,
      [eventId],
    );
  const holdsOf = (eventId: number) =>
    queryDatabase<{ payment_id: string; quantity: number; status: string }>(
      stack.eventsDb.name,
      `SELECT payment_id, quantity, status FROM seat_holds WHERE event_id = $1 ORDER BY created_at`,
      [eventId],
    );
  const paymentsOf = async (buyer: Buyer) =>
    (
      await stack.query<{ n: number }>(`SELECT count(*)::int AS n FROM payments WHERE user_id = $1`, [
        buyer.id,
      ])
    )[0]!.n;
  const order = (buyer: Buyer, eventId: number, fields: Record<string, unknown>, headers = {}) =>
    stack.call<Answer>(
      'POST',
      '/payments',
      {
        user_name: buyer.name,
        user_email: buyer.email,
        event_id: String(eventId),
        payment_token: 'TOKEN123',
        ...fields,
      },
      buyer.token,
      headers,
    );

  beforeAll(async () => {
    stack = await PaymentsStack.start();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('an order of 3 of a type: one payment of unit price × 3, one hold of 3, PAYMENT_SUCCEEDED with the order', async () => {
    const eventId = await stack.createEvent({
      capacity: 100,
      refund_cutoff_hours: 48,
      ticket_types: [{ name: 'VIP', price: 300.25, capacity: 5 }],
    });
    const [, vip] = await types(eventId);
    const buyer = await stack.buyer();
    const res = await order(buyer, eventId, { quantity: 3, ticket_type_id: vip!.id, event_amount: 300.25 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ payment_id: expect.any(String), status: 'PENDING' });
    const paymentId = res.body.payment_id;
    expect(await paymentsOf(buyer)).toBe(1);
    expect(await holdsOf(eventId)).toEqual([
      { payment_id: paymentId, quantity: 3, status: expect.any(String) },
    ]);

    const payment = await stack.settled(paymentId);
    expect(payment).toMatchObject({
      status: 'SUCCESS',
      amount: '900.75',
      quantity: 3,
      ticket_type_id: String(vip!.id),
      ticket_type_name: 'VIP',
      unit_price: '300.25',
      // 2030-09-25T21:00-03:00 minus 48 h
      refundable_until: new Date('2030-09-24T00:00:00.000Z'),
    });
    const messages = await readTopic(
      stack.topics.PAYMENT_SUCCEEDED_TOPIC,
      (ms) => ms.some((m) => m.key === paymentId),
      60_000,
    );
    const succeeded = messages.filter((m) => m.key === paymentId);
    expect(succeeded).toHaveLength(1);
    expect(succeeded[0]!.json()).toMatchObject({
      payment_id: paymentId,
      amount: 900.75,
      quantity: 3,
      ticket_type_id: String(vip!.id),
      ticket_type_name: 'VIP',
      unit_price: 300.25,
    });
    expect((await stack.holdBecomes(paymentId, 'SOLD'))?.status).toBe('SOLD');
    expect((await types(eventId))[1]).toMatchObject({ sold: 3, held: 0 });

    const view = await stack.call('GET', `/payments/${paymentId}`, undefined, buyer.token);
    expect(view.body).toMatchObject({
      status: 'SUCCESS',
      amount: 900.75,
      quantity: 3,
      ticket_type_id: String(vip!.id),
      ticket_type_name: 'VIP',
      unit_price: 300.25,
    });
  });

  it('a quantity without a type is of the default type; event_amount is the price of one seat', async () => {
    const eventId = await stack.createEvent({ price: 19.99, capacity: 10 });
    const buyer = await stack.buyer();
    const total = await order(buyer, eventId, { quantity: 7, event_amount: 139.93 });
    expect([total.status, total.body.code, total.body.details]).toEqual([
      409,
      'AMOUNT_MISMATCH',
      { price: 19.99, currency: 'BRL' },
    ]);
    const res = await order(buyer, eventId, { quantity: 7, event_amount: 19.99 });
    expect(res.status).toBe(201);
    expect(await stack.payment(res.body.payment_id)).toMatchObject({
      amount: '139.93',
      quantity: 7,
      unit_price: '19.99',
      ticket_type_name: 'General admission',
    });
  });

  it('refuses a bad quantity with a message (400) and holds nothing', async () => {
    const eventId = await stack.createEvent({ capacity: 10 });
    const buyer = await stack.buyer();
    for (const quantity of [0, 1.5, 'x', '2', 1001, -1]) {
      const res = await order(buyer, eventId, { quantity });
      expect({ quantity, status: res.status, message: res.body.message }).toEqual({
        quantity,
        status: 400,
        message: 'quantity must be an integer from 1 to 1000',
      });
    }
    const badType = await order(buyer, eventId, { ticket_type_id: 'vip' });
    expect(badType.status).toBe(400);
    expect(badType.body.message).toBe(
      'ticket_type_id must be a ticket type id: a string of digits or an integer',
    );
    expect(await paymentsOf(buyer)).toBe(0);
    expect(await holdsOf(eventId)).toEqual([]);
  });

  it("maps events' refusals: above the event's maximum, unknown type, sale window, cancelled", async () => {
    const eventId = await stack.createEvent({
      capacity: 10,
      max_tickets_per_order: 4,
      ticket_types: [
        { name: 'Later', price: 10, sale_starts_at: '2029-01-01T00:00:00Z' },
        { name: 'Over', price: 10, sale_ends_at: '2020-01-01T00:00:00Z' },
      ],
    });
    const [, later, over] = await types(eventId);
    const other = await stack.createEvent();
    const [otherType] = await types(other);
    const buyer = await stack.buyer();
    const cases: [Record<string, unknown>, number, string, unknown?][] = [
      [{ quantity: 5 }, 400, 'QUANTITY_ABOVE_LIMIT', { max_tickets_per_order: 4 }],
      [{ ticket_type_id: otherType!.id }, 404, 'TICKET_TYPE_NOT_FOUND'],
      [{ ticket_type_id: '99999999999' }, 404, 'TICKET_TYPE_NOT_FOUND'],
      [{ ticket_type_id: String(later!.id) }, 409, 'SALE_NOT_STARTED'],
      [{ ticket_type_id: over!.id }, 409, 'SALE_ENDED'],
    ];
    for (const [fields, status, code, details] of cases) {
      const res = await order(buyer, eventId, fields);
      expect({ fields, status: res.status, code: res.body.code }).toEqual({ fields, status, code });
      expect(res.body.message).toEqual(expect.any(String));
      if (details) expect(res.body.details).toEqual(details);
    }
    await queryDatabase(stack.eventsDb.name, `UPDATE events SET status = 'CANCELLED' WHERE id = $1`, [
      eventId,
    ]);
    const cancelled = await order(buyer, eventId, { quantity: 2 });
    expect([cancelled.status, cancelled.body.code]).toEqual([409, 'EVENT_CANCELLED']);
    expect(await paymentsOf(buyer)).toBe(0);
    expect(await holdsOf(eventId)).toEqual([]);
  });

  it('an order larger than the seats left: 409 SOLD_OUT with what is left, and those are still sold', async () => {
    const eventId = await stack.createEvent({ capacity: 5 });
    const buyer = await stack.buyer();
    expect((await order(buyer, eventId, { quantity: 3 })).status).toBe(201);
    const tooMany = await order(buyer, eventId, { quantity: 3 });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body).toMatchObject({
      code: 'SOLD_OUT',
      message: 'not enough seats left for this order',
      details: { available: 2 },
    });
    expect((await order(buyer, eventId, { quantity: 2 })).status).toBe(201);
    const none = await order(buyer, eventId, {});
    expect(none.body).toMatchObject({ code: 'SOLD_OUT', message: 'event is sold out' });
    expect(await paymentsOf(buyer)).toBe(2);
  });

  it('Idempotency-Key: the same order is replayed; another quantity with the key is another request (422)', async () => {
    const eventId = await stack.createEvent({ capacity: 10 });
    const buyer = await stack.buyer();
    const key = { 'idempotency-key': `order-${buyer.id}` };
    const first = await order(buyer, eventId, { quantity: 2 }, key);
    expect(first.status).toBe(201);
    const again = await order(buyer, eventId, { quantity: 2 }, key);
    expect([again.status, again.body]).toEqual([201, first.body]);
    const other = await order(buyer, eventId, { quantity: 3 }, key);
    expect([other.status, other.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(await paymentsOf(buyer)).toBe(1);
    expect(await holdsOf(eventId)).toEqual([
      { payment_id: first.body.payment_id, quantity: 2, status: expect.stringMatching(/HELD|SOLD/) },
    ]);
  });
});
