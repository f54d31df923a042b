import { randomUUID } from 'node:crypto';
import { eventually, mailTo, queryDatabase, readTopic } from '@event-tickets/testing';
import { INTERNAL_TOKEN, PaymentsStack } from '../support/payments-stack';

jest.setTimeout(240_000);

/**
 * A payment the gateway approves after it timed out and its seat was given back, while the event
 * sold out meanwhile: it is refunded at once (reason no_seat), never sold beyond capacity. (With a
 * seat still free it is sold after all: payment-timeout.int-spec.ts.)
 */
describe('late success without a seat', () => {
  let stack: PaymentsStack;

  beforeAll(async () => {
    stack = await PaymentsStack.start({
      payments: {
        PAYMENT_TIMEOUT_SECONDS: '3',
        PAYMENT_SWEEP_INTERVAL_MS: '300',
        GATEWAY_LATENCY_MS: '8000',
      },
    });
  });

  afterAll(async () => {
    await stack?.close();
  });

  /** Another buyer's order (as another payments replica would place it) takes and buys a seat. */
  async function sellSeatElsewhere(eventId: number): Promise<void> {
    const paymentId = randomUUID();
    const headers = { authorization: `Bearer ${INTERNAL_TOKEN}`, 'content-type': 'application/json' };
    const hold = await fetch(`${stack.events.url}/internal/events/${eventId}/holds`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ payment_id: paymentId }),
    });
    expect([200, 201]).toContain(hold.status);
    const confirm = await fetch(`${stack.events.url}/internal/holds/${paymentId}/confirm`, {
      method: 'POST',
      headers: { authorization: headers.authorization },
    });
    expect([200, 201]).toContain(confirm.status);
  }

  const soldSeats = async (eventId: number) => {
    const [row] = await queryDatabase<{ n: number }>(
      stack.eventsDb.name,
      `SELECT count(*)::int AS n FROM seat_holds WHERE event_id = $1 AND status = 'SOLD'`,
      [eventId],
    );
    return row!.n;
  };

  it('refunds the charge once (no_seat): no PAYMENT_SUCCEEDED, one PAYMENT_REFUNDED, one email', async () => {
    const eventId = await stack.createEvent({ capacity: 1 });
    const buyer = await stack.buyer();
    const res = await stack.purchase(buyer, eventId);
    expect(res.status).toBe(201);
    const paymentId = res.body.payment_id;
    expect(await stack.settled(paymentId, 30_000)).toMatchObject({ status: 'FAILED', reason: 'timeout' });
    await stack.holdBecomes(paymentId, 'RELEASED');
    await sellSeatElsewhere(eventId); // the event is full before the gateway answers

    const refunded = await eventually(
      () => stack.payment(paymentId),
      (p) => p?.status === 'REFUNDED',
      { timeoutMs: 90_000 },
    );
    expect(refunded).toMatchObject({ status: 'REFUNDED', refunded_quantity: 1 });
    expect(Number((refunded as unknown as { refunded_amount: string }).refunded_amount)).toBe(150.5);
    const refunds = await stack.query(
      `SELECT reason, status, quantity, amount FROM refunds WHERE payment_id = $1`,
      [paymentId],
    );
    expect(refunds).toEqual([{ reason: 'no_seat', status: 'COMPLETED', quantity: 1, amount: '150.50' }]);

    const published = await readTopic(stack.topics.PAYMENT_REFUNDED_TOPIC, (ms) =>
      ms.some((m) => m.key === paymentId),
    );
    expect(published.filter((m) => m.key === paymentId).map((m) => m.json())).toEqual([
      expect.objectContaining({
        payment_id: paymentId,
        event_id: String(eventId),
        reason: 'no_seat',
        quantity: 1,
        amount: 150.5,
        passports: [],
        payment_status: 'REFUNDED',
      }),
    ]);
    const subjects = async () => (await mailTo(buyer.email)).map((m) => m.Subject).sort();
    expect(await eventually(subjects, (s) => s.length >= 2, { timeoutMs: 60_000 })).toEqual([
      'Payment Refunded',
      'Payment Rejected =(',
    ]);

    // The approval delivered again (a new message id, so not deduplicated by the inbox): nothing more.
    await stack.redeliver('TRANSACTION_SUCCEEDED_TOPIC', paymentId);
    expect(await stack.outboxCount(paymentId, 'PAYMENT_SUCCEEDED_TOPIC')).toBe(0);
    expect(await stack.outboxCount(paymentId, 'PAYMENT_REFUNDED_TOPIC')).toBe(1);
    expect(await stack.query(`SELECT 1 FROM refunds WHERE payment_id = $1`, [paymentId])).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await subjects()).toEqual(['Payment Refunded', 'Payment Rejected =(']);

    expect(await soldSeats(eventId)).toBe(1); // the other buyer's: never beyond capacity
    expect((await stack.hold(paymentId))?.status).toBe('RELEASED');
    expect((await stack.event(eventId)).available).toBe(0);
  });
});
