import { PostgresOutboxRelay } from '@event-tickets/service-kit';
import { eventually, mailTo, readTopic } from '@event-tickets/testing';
import { PaymentsStack } from '../support/payments-stack';

jest.setTimeout(180_000);

/**
 * A payment still PENDING after PAYMENT_TIMEOUT_SECONDS fails with reason "timeout" and gives its seat back;
 * approved later, it takes a seat if one is free (late-success.int-spec.ts: none is).
 */
describe('payment timeout (slow gateway, stalled pipeline)', () => {
  let stack: PaymentsStack;
  let eventId: number;

  beforeAll(async () => {
    stack = await PaymentsStack.start({
      payments: {
        PAYMENT_TIMEOUT_SECONDS: '3',
        PAYMENT_SWEEP_INTERVAL_MS: '300',
        GATEWAY_LATENCY_MS: '8000',
      },
    });
    eventId = await stack.createEvent({ capacity: 5 });
  });

  afterAll(async () => {
    await stack?.close();
  });

  const rejectionEmails = async (email: string) =>
    eventually(
      () => mailTo(email),
      (ms) => ms.length >= 1,
      { timeoutMs: 60_000 },
    );

  it('fails a payment the gateway answers too late, releases the seat; the late approval takes a free seat after all', async () => {
    const buyer = await stack.buyer();
    const res = await stack.purchase(buyer, eventId);
    expect(res.status).toBe(201);
    const paymentId = res.body.payment_id;

    const failed = await stack.settled(paymentId, 30_000);
    expect(failed).toMatchObject({ status: 'FAILED', reason: 'timeout' });
    const age = failed!.updated_at.getTime() - failed!.created_at.getTime();
    expect(age).toBeGreaterThanOrEqual(3000);
    expect(age).toBeLessThan(7900); // before the gateway answered

    const message = await readTopic(stack.topics.PAYMENT_FAILED_TOPIC, (ms) =>
      ms.some((m) => m.key === paymentId),
    );
    expect(message.find((m) => m.key === paymentId)!.json()).toEqual({
      payment_id: paymentId,
      event_id: String(eventId),
      user_email: buyer.email,
      reason: 'timeout',
    });
    expect((await stack.holdBecomes(paymentId, 'RELEASED'))?.status).toBe('RELEASED');
    expect((await rejectionEmails(buyer.email)).map((m) => m.Subject)).toEqual(['Payment Rejected =(']);

    // The gateway approves afterwards and a seat is still free: the charge takes it, so the payment
    // succeeds after all (one PAYMENT_SUCCEEDED, the seat sold, the approval email after the rejection).
    // Before, this approval was only logged and the buyer was charged without a ticket.
    const succeeded = await eventually(
      () => stack.payment(paymentId),
      (p) => p?.status === 'SUCCESS',
      { timeoutMs: 60_000 },
    );
    expect(succeeded).toMatchObject({ status: 'SUCCESS', reason: null });
    expect(await stack.outboxCount(paymentId, 'PAYMENT_SUCCEEDED_TOPIC')).toBe(1);
    expect((await stack.holdBecomes(paymentId, 'SOLD'))?.status).toBe('SOLD');
    expect((await stack.event(eventId)).available).toBe(4);
    const subjects = async () => (await mailTo(buyer.email)).map((m) => m.Subject).sort();
    expect(await eventually(subjects, (s) => s.length >= 2, { timeoutMs: 60_000 })).toEqual([
      'Payment Approved =)',
      'Payment Rejected =(',
    ]);

    // The approval delivered again (another message id): nothing more.
    await stack.redeliver('TRANSACTION_SUCCEEDED_TOPIC', paymentId);
    expect(await stack.outboxCount(paymentId, 'PAYMENT_SUCCEEDED_TOPIC')).toBe(1);
    expect(await stack.query(`SELECT 1 FROM refunds WHERE payment_id = $1`, [paymentId])).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await mailTo(buyer.email)).toHaveLength(2);
  });

  it('fails a payment whose messages never left, and it never reaches the gateway afterwards', async () => {
    const relay = stack.payments.app.get(PostgresOutboxRelay);
    await relay.stop();
    const buyer = await stack.buyer();
    let paymentId = '';
    try {
      const res = await stack.purchase(buyer, eventId);
      expect(res.status).toBe(201);
      paymentId = res.body.payment_id;
      expect(await stack.settled(paymentId, 30_000)).toMatchObject({ status: 'FAILED', reason: 'timeout' });
      expect((await stack.hold(paymentId))?.status).toBe('HELD'); // PAYMENT_FAILED waits in the outbox
    } finally {
      relay.start();
    }
    expect((await stack.holdBecomes(paymentId, 'RELEASED'))?.status).toBe('RELEASED');
    await readTopic(stack.topics.PAYMENT_CREATED_TOPIC, (ms) => ms.some((m) => m.key === paymentId));
    await eventually(
      () =>
        stack.query(
          `SELECT 1 FROM inbox_messages m JOIN outbox_messages o ON o.id::text = m.message_id
                     WHERE o.key = $1 AND o.topic = $2`,
          [paymentId, stack.topics.PAYMENT_CREATED_TOPIC],
        ),
      (rows) => rows.length === 1,
      { timeoutMs: 60_000 },
    );
    const transactions = await stack.query(`SELECT 1 FROM transactions WHERE payment_id = $1`, [paymentId]);
    expect(transactions).toHaveLength(0);
    expect(await stack.outboxCount(paymentId, 'TRANSACTION_CREATED_TOPIC')).toBe(0);
    expect((await rejectionEmails(buyer.email)).map((m) => m.Subject)).toEqual(['Payment Rejected =(']);
  });
});
