import { randomUUID } from 'node:crypto';
import { deadLetterTopic } from '@event-tickets/contracts';
import { eventually, produce, queryDatabase, readTopic } from '@event-tickets/testing';
import { createEvent, startEventsApp, type EventsTestApp } from '../support/events-app';

describe('seat holds: payment outcomes from Kafka', () => {
  let t: EventsTestApp;
  const hold = (eventId: number, paymentId: string) =>
    t.internal('POST', `/internal/events/${eventId}/holds`, { payment_id: paymentId });
  const status = async (paymentId: string) =>
    (
      await queryDatabase<{ status: string }>(t.db, `SELECT status FROM seat_holds WHERE payment_id = $1`, [
        paymentId,
      ])
    )[0]?.status;
  const counters = async (id: number) =>
    (
      await queryDatabase<{ sold: number; held: number }>(
        t.db,
        `SELECT sum(sold)::int AS sold, sum(held)::int AS held FROM ticket_types WHERE event_id = $1`,
        [id],
      )
    )[0]!;
  const processed = (messageId: string) =>
    eventually(
      () =>
        queryDatabase(t.db, `SELECT 1 FROM inbox_messages WHERE message_id = $1`, [messageId]).then(
          (r) => r.length,
        ),
      (n) => n === 1,
    );
  const send = async (topic: string, payload: Record<string, unknown>, messageId = randomUUID()) => {
    await produce(topic, [
      { key: messageId, value: JSON.stringify(payload), headers: { 'message-id': messageId } },
    ]);
    return messageId;
  };
  const succeeded = (eventId: number, paymentId?: string) => ({
    user_name: 'Ana',
    user_email: 'ana@example.com',
    event_id: String(eventId),
    event_name: 'Rock in Rio',
    event_description: 'Music festival',
    event_image_url: 'https://img.example.com/rir.png',
    user_language: 'pt',
    ...(paymentId ? { payment_id: paymentId, amount: 150.5 } : {}),
  });
  const failed = (eventId: number, paymentId: string) => ({
    payment_id: paymentId,
    event_id: String(eventId),
    user_email: 'ana@example.com',
    reason: 'transaction rejected by gateway',
  });

  beforeAll(async () => {
    t = await startEventsApp();
  });
  afterAll(() => t?.close());

  it('PAYMENT_SUCCEEDED confirms the hold once, whatever is redelivered', async () => {
    const id = await createEvent(t, { capacity: 3 });
    await hold(id, 'paid');
    const messageId = await send(t.topics.succeeded, succeeded(id, 'paid'));
    expect(
      await eventually(
        () => status('paid'),
        (s) => s === 'SOLD',
      ),
    ).toBe('SOLD');
    await send(t.topics.succeeded, succeeded(id, 'paid'), messageId);
    const another = await send(t.topics.succeeded, succeeded(id, 'paid'));
    await processed(another);
    expect(await counters(id)).toEqual({ sold: 1, held: 0 });
    const [inbox] = await queryDatabase<{ n: number }>(
      t.db,
      `SELECT count(*)::int AS n FROM inbox_messages WHERE message_id = $1`,
      [messageId],
    );
    expect(inbox!.n).toBe(1);
  });

  it("ignores the original payments' message, which has no payment_id", async () => {
    const id = await createEvent(t, { capacity: 3 });
    await hold(id, 'unrelated');
    const messageId = await send(t.topics.succeeded, succeeded(id));
    expect(await processed(messageId)).toBe(1);
    expect(await counters(id)).toEqual({ sold: 0, held: 1 });
  });

  it('PAYMENT_FAILED releases the seat once; unknown payments change nothing', async () => {
    const id = await createEvent(t, { capacity: 1 });
    await hold(id, 'declined');
    const messageId = await send(t.topics.failed, failed(id, 'declined'));
    expect(
      await eventually(
        () => status('declined'),
        (s) => s === 'RELEASED',
      ),
    ).toBe('RELEASED');
    expect(await counters(id)).toEqual({ sold: 0, held: 0 });
    await send(t.topics.failed, failed(id, 'declined'), messageId);
    expect((await hold(id, 'next-buyer')).status).toBe(201);
    await processed(await send(t.topics.failed, failed(id, 'declined')));
    await processed(await send(t.topics.failed, failed(id, 'never-held')));
    expect(await counters(id)).toEqual({ sold: 0, held: 1 });
  });

  it('dead-letters a payment failure that breaks the contract', async () => {
    const bad = await send(t.topics.failed, { event_id: '1', user_email: 'a@b.c' });
    const letters = await readTopic(deadLetterTopic(t.topics.failed), (ms) =>
      ms.some((m) => m.headers['message-id'] === bad),
    );
    const letter = letters.find((m) => m.headers['message-id'] === bad)!;
    expect(letter.headers['dlq-reason']).toContain('payment_id');
  });
});
