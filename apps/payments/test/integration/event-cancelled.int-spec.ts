import { randomUUID } from 'node:crypto';
import { PostgresOutboxRelay } from '@event-tickets/service-kit';
import { eventually, mailTo, produce, uniqueName } from '@event-tickets/testing';
import { type Buyer, INTERNAL_TOKEN, PaymentsStack } from '../support/payments-stack';
import { TicketsSide } from '../support/tickets-side';

jest.setTimeout(240_000);

/**
 * EVENT_CANCELLED_TOPIC as events publishes it (produced here onto Kafka directly): every paid order
 * of the event is refunded once, checked-in tickets included, however often the message arrives; a
 * payment of the event still pending then is refunded when it is approved, never sold. The real
 * tickets app issues the tickets (from SEND_TICKET, as clients asks) and voids them.
 */
describe('event cancelled', () => {
  let tickets: TicketsSide;
  let stack: PaymentsStack;

  beforeAll(async () => {
    const refundedTopic = uniqueName('PAYMENT_REFUNDED_TOPIC');
    tickets = await TicketsSide.start({
      INTERNAL_API_TOKEN: INTERNAL_TOKEN,
      PAYMENT_REFUNDED_TOPIC: refundedTopic,
    });
    stack = await PaymentsStack.start({
      payments: { TICKETS_URL: tickets.url },
      topics: { PAYMENT_REFUNDED_TOPIC: refundedTopic },
    });
  });

  afterAll(async () => {
    await stack?.close();
    await tickets?.close();
  });

  async function paid(eventId: number): Promise<{ buyer: Buyer; paymentId: string; eventId: number }> {
    const buyer = await stack.buyer();
    const res = await stack.purchase(buyer, eventId);
    expect(res.status).toBe(201);
    expect((await stack.settled(res.body.payment_id))?.status).toBe('SUCCESS');
    return { buyer, paymentId: res.body.payment_id, eventId };
  }

  /** The order's one ticket, issued as clients asks tickets to. */
  const issue = async (order: { buyer: Buyer; paymentId: string; eventId: number }) =>
    (
      await tickets.issue({
        paymentId: order.paymentId,
        eventId: order.eventId,
        email: order.buyer.email,
        userId: order.buyer.id,
        quantity: 1,
      })
    )[0]!;

  const status = (paymentId: string, wanted: string) =>
    eventually(
      () => stack.payment(paymentId),
      (p) => p?.status === wanted,
      { timeoutMs: 60_000 },
    );

  const subjects = async (email: string) => (await mailTo(email)).map((m) => m.Subject).sort();

  const refundsOf = (paymentId: string) =>
    stack.query(`SELECT reason, status, quantity FROM refunds WHERE payment_id = $1`, [paymentId]);

  it('refunds every paid order once (checked in or not), and a payment approved afterwards', async () => {
    const eventId = await stack.createEvent({ capacity: 10 });
    const otherEventId = await stack.createEvent({ capacity: 10 });
    const a = await paid(eventId);
    const b = await paid(eventId);
    const c = await paid(eventId);
    const other = await paid(otherEventId);
    const aTicket = await issue(a);
    const bTicket = await issue(b);
    expect(await tickets.checkIn(bTicket)).toBe(200); // already at the door
    // c's tickets are not issued yet: its refund waits for them (the worker retries).

    // A payment of the event still pending when the cancellation arrives (its messages held back).
    const relay = stack.payments.app.get(PostgresOutboxRelay);
    await relay.stop();
    const late = await stack.buyer();
    let lateId = '';
    const messageId = randomUUID();
    const cancellation = {
      key: String(eventId),
      value: JSON.stringify({
        event_id: String(eventId),
        event_name: 'Rock in Rio',
        cancelled_at: new Date().toISOString(),
        reason: 'storm',
      }),
      headers: { 'message-id': messageId },
    };
    try {
      const res = await stack.purchase(late, eventId);
      expect(res.status).toBe(201);
      lateId = res.body.payment_id;
      await produce(stack.topics.EVENT_CANCELLED_TOPIC, [cancellation]);
      await eventually(
        () => stack.query(`SELECT 1 FROM cancelled_events WHERE event_id = $1`, [String(eventId)]),
        (rows) => rows.length === 1,
        { timeoutMs: 60_000 },
      );
      expect((await stack.payment(lateId))?.status).toBe('PENDING');
    } finally {
      relay.start();
    }

    for (const [order, passport] of [
      [a, aTicket],
      [b, bTicket],
    ] as const) {
      await status(order.paymentId, 'REFUNDED');
      expect(await refundsOf(order.paymentId)).toEqual([
        { reason: 'event_cancelled', status: 'COMPLETED', quantity: 1 },
      ]);
      expect((await tickets.ticket(passport))?.voidedAt).toBeInstanceOf(Date);
    }
    expect((await tickets.ticket(bTicket))?.checkedInAt).toBeInstanceOf(Date); // voided though checked in

    // The pending payment is charged, then refunded at once: never PAYMENT_SUCCEEDED.
    await status(lateId, 'REFUNDED');
    expect(await refundsOf(lateId)).toEqual([
      { reason: 'event_cancelled', status: 'COMPLETED', quantity: 1 },
    ]);
    expect(await stack.outboxCount(lateId, 'PAYMENT_SUCCEEDED_TOPIC')).toBe(0);
    expect(await tickets.countFor(lateId)).toBe(0); // no ticket was ever issued for it

    expect((await stack.payment(c.paymentId))?.status).toBe('SUCCESS');
    expect(await refundsOf(c.paymentId)).toEqual([
      { reason: 'event_cancelled', status: 'REQUESTED', quantity: 0 },
    ]);
    const cTicket = await issue(c);
    await status(c.paymentId, 'REFUNDED');
    expect((await tickets.ticket(cTicket))?.voidedAt).toBeInstanceOf(Date);

    // Delivered again, as the same message and as a copy with another id: nothing more.
    const copyId = randomUUID();
    await produce(stack.topics.EVENT_CANCELLED_TOPIC, [
      cancellation,
      { ...cancellation, headers: { 'message-id': copyId } },
    ]);
    await eventually(
      () => stack.query(`SELECT 1 FROM inbox_messages WHERE message_id = $1`, [copyId]),
      (rows) => rows.length === 1,
      { timeoutMs: 60_000 },
    );
    await new Promise((r) => setTimeout(r, 2000)); // time for the worker to act on anything new

    for (const order of [a, b, c]) {
      expect(await refundsOf(order.paymentId)).toHaveLength(1);
      expect(await stack.outboxCount(order.paymentId, 'PAYMENT_REFUNDED_TOPIC')).toBe(1);
      expect(
        await eventually(
          () => subjects(order.buyer.email),
          (s) => s.length >= 3,
          { timeoutMs: 60_000 },
        ),
        // The ticket's email is tickets' own (sent when it was issued, before the cancellation).
      ).toEqual(['Event Cancelled - Refund Processed', 'Payment Approved =)', 'Your ticket is here =)']);
    }
    expect(await stack.outboxCount(lateId, 'PAYMENT_REFUNDED_TOPIC')).toBe(1);
    expect(
      await eventually(
        () => subjects(late.email),
        (s) => s.length >= 1,
        { timeoutMs: 60_000 },
      ),
    ).toEqual(['Event Cancelled - Refund Processed']);
    expect(await refundsOf(other.paymentId)).toEqual([]);
    expect((await stack.payment(other.paymentId))?.status).toBe('SUCCESS');
    await new Promise((r) => setTimeout(r, 1000));
    for (const order of [a, b, c]) expect(await mailTo(order.buyer.email)).toHaveLength(3);
    expect(await mailTo(late.email)).toHaveLength(1);
  });
});
