import { randomUUID } from 'node:crypto';
import { mailTo, produce, readTopic, type Received, eventually } from '@event-tickets/testing';
import { type Buyer, PaymentsStack, type PipelineTopic } from '../support/payments-stack';

/**
 * Every internal topic's message delivered again — as the same message (same message-id) and as a
 * copy with a new id (another producer's replay) — has no second effect: no status flip, no second
 * transaction, message or email.
 */
jest.setTimeout(180_000);

describe('pipeline redelivery (Kafka, PostgreSQL, SMTP catcher, events app)', () => {
  let stack: PaymentsStack;
  let eventId: number;

  const messageOf = async (topic: PipelineTopic, paymentId: string): Promise<Received> => {
    const received = await readTopic(
      stack.topics[topic],
      (ms) => ms.some((m) => m.key === paymentId),
      60_000,
    );
    return received.find((m) => m.key === paymentId)!;
  };
  const buy = async (token: string, buyer?: Buyer) => {
    const who = buyer ?? (await stack.buyer());
    const res = await stack.purchase(who, eventId, { payment_token: token });
    expect(res.status).toBe(201);
    return { buyer: who, paymentId: res.body.payment_id };
  };
  const mails = (buyer: Buyer, count = 1) =>
    eventually(
      () => mailTo(buyer.email),
      (ms) => ms.length >= count,
      { timeoutMs: 60_000 },
    );

  beforeAll(async () => {
    stack = await PaymentsStack.start();
    eventId = await stack.createEvent({ capacity: 50 });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('processes each internal message once, whatever is delivered again', async () => {
    const approved = await buy('TOKEN123');
    const rejected = await buy('ODD12');
    expect((await stack.settled(approved.paymentId))?.status).toBe('SUCCESS');
    expect((await stack.settled(rejected.paymentId))?.status).toBe('FAILED');
    await mails(approved.buyer);
    await mails(rejected.buyer);
    expect((await stack.holdBecomes(approved.paymentId, 'SOLD'))?.status).toBe('SOLD');
    expect((await stack.holdBecomes(rejected.paymentId, 'RELEASED'))?.status).toBe('RELEASED');

    const originals: [PipelineTopic, Received][] = [
      ['PAYMENT_CREATED_TOPIC', await messageOf('PAYMENT_CREATED_TOPIC', approved.paymentId)],
      ['TRANSACTION_CREATED_TOPIC', await messageOf('TRANSACTION_CREATED_TOPIC', approved.paymentId)],
      ['TRANSACTION_SUCCEEDED_TOPIC', await messageOf('TRANSACTION_SUCCEEDED_TOPIC', approved.paymentId)],
      ['PAYMENT_CREATED_TOPIC', await messageOf('PAYMENT_CREATED_TOPIC', rejected.paymentId)],
      ['TRANSACTION_CREATED_TOPIC', await messageOf('TRANSACTION_CREATED_TOPIC', rejected.paymentId)],
      ['TRANSACTION_FAILED_TOPIC', await messageOf('TRANSACTION_FAILED_TOPIC', rejected.paymentId)],
    ];
    const replayIds: string[] = [];
    for (const [topic, m] of originals) {
      const replayId = randomUUID();
      replayIds.push(replayId);
      await produce(stack.topics[topic], [
        { key: m.key, value: m.value, headers: m.headers },
        { key: m.key, value: m.value, headers: { ...m.headers, 'message-id': replayId } },
      ]);
    }
    // An approval for the payment that FAILED must never flip it to SUCCESS.
    const forged = (await messageOf('TRANSACTION_SUCCEEDED_TOPIC', approved.paymentId)).json();
    const forgedId = randomUUID();
    await produce(stack.topics.TRANSACTION_SUCCEEDED_TOPIC, [
      {
        key: rejected.paymentId,
        value: JSON.stringify({
          ...forged,
          payment_id: rejected.paymentId,
          user_email: rejected.buyer.email,
        }),
        headers: { 'message-id': forgedId },
      },
    ]);

    // One partition per topic: once two later purchases are through, everything above was consumed.
    const markerApproved = await buy('MARK1234');
    const markerRejected = await buy('MARK123');
    expect((await stack.settled(markerApproved.paymentId))?.status).toBe('SUCCESS');
    expect((await stack.settled(markerRejected.paymentId))?.status).toBe('FAILED');
    await mails(markerApproved.buyer);
    await mails(markerRejected.buyer);

    const [processed] = await stack.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM inbox_messages WHERE message_id = ANY($1)`,
      [[...replayIds, forgedId]],
    );
    expect(processed!.n).toBe(replayIds.length + 1);

    expect(await stack.payment(approved.paymentId)).toMatchObject({ status: 'SUCCESS', reason: null });
    expect(await stack.payment(rejected.paymentId)).toMatchObject({
      status: 'FAILED',
      reason: 'transaction rejected by gateway',
    });
    const transactions = await stack.query<{ payment_id: string; status: string }>(
      `SELECT payment_id, status FROM transactions WHERE payment_id = ANY($1) ORDER BY status`,
      [[approved.paymentId, rejected.paymentId]],
    );
    expect(transactions).toEqual([
      { payment_id: rejected.paymentId, status: 'FAILED' },
      { payment_id: approved.paymentId, status: 'SUCCESS' },
    ]);
    for (const topic of [
      'TRANSACTION_CREATED_TOPIC',
      'TRANSACTION_SUCCEEDED_TOPIC',
      'PAYMENT_SUCCEEDED_TOPIC',
    ] as const)
      expect(await stack.outboxCount(approved.paymentId, topic)).toBe(1);
    expect(await stack.outboxCount(approved.paymentId, 'PAYMENT_FAILED_TOPIC')).toBe(0);
    expect(await stack.outboxCount(rejected.paymentId, 'TRANSACTION_FAILED_TOPIC')).toBe(1);
    expect(await stack.outboxCount(rejected.paymentId, 'PAYMENT_FAILED_TOPIC')).toBe(1);
    expect(await stack.outboxCount(rejected.paymentId, 'PAYMENT_SUCCEEDED_TOPIC')).toBe(0);

    const emails = await stack.query<{ payment_id: string; kind: string; status: string }>(
      `SELECT payment_id, kind, status FROM emails WHERE payment_id = ANY($1) ORDER BY kind`,
      [[approved.paymentId, rejected.paymentId]],
    );
    expect(emails).toEqual([
      { payment_id: approved.paymentId, kind: 'APPROVED', status: 'SENT' },
      { payment_id: rejected.paymentId, kind: 'REJECTED', status: 'SENT' },
    ]);
    expect(await mailTo(approved.buyer.email)).toHaveLength(1);
    expect((await mailTo(rejected.buyer.email)).map((m) => m.Subject)).toEqual(['Payment Rejected =(']);
    expect((await stack.hold(approved.paymentId))?.status).toBe('SOLD');
    expect((await stack.hold(rejected.paymentId))?.status).toBe('RELEASED');
  });
});
