import { randomUUID } from 'node:crypto';
import { eventually, produce, queryDatabase, readTopic } from '@event-tickets/testing';
import { createEvent, startEventsApp, type EventsTestApp } from '../support/events-app';

describe('event cancellation and refunds (PostgreSQL, Kafka)', () => {
  let t: EventsTestApp;
  const hold = (id: number, payment_id: string, extra: Record<string, unknown> = {}) =>
    t.internal<{ code?: string }>('POST', `/internal/events/${id}/holds`, { payment_id, ...extra });
  const post = (paymentId: string, action: string) =>
    t.internal<{ code?: string }>('POST', `/internal/holds/${paymentId}/${action}`);
  const cancel = (id: number | string, body?: unknown, token = t.adminToken) =>
    t.call<{ status?: string; cancelled_at?: string | null; code?: string }>(
      'POST',
      `/events/admin/${id}/cancel`,
      body,
      token,
    );
  const counters = async (id: number) =>
    (
      await queryDatabase<{ sold: number; held: number; refunded: number; revenue: number }>(
        t.db,
        `SELECT sum(sold)::int AS sold, sum(held)::int AS held, sum(refunded)::int AS refunded,
                sum(revenue)::float AS revenue FROM ticket_types WHERE event_id = $1`,
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
  const refund = async (eventId: number, paymentId: string, quantity: number, key = paymentId) => {
    const messageId = randomUUID();
    const payload = {
      refund_id: randomUUID(),
      payment_id: paymentId,
      event_id: String(eventId),
      quantity,
      amount: 10 * quantity,
      currency: 'BRL',
      reason: 'buyer',
      payment_status: 'PARTIALLY_REFUNDED',
      user_email: 'ana@example.com',
    };
    const message = { key, value: JSON.stringify(payload), headers: { 'message-id': messageId } };
    await produce(t.topics.refunded, [message]);
    return { messageId, again: () => produce(t.topics.refunded, [message]) };
  };

  beforeAll(async () => {
    t = await startEventsApp();
  });
  afterAll(() => t?.close());

  it('cancels once: holds refused at once, one EVENT_CANCELLED message, updates refused', async () => {
    const id = await createEvent(t, { capacity: 10 });
    expect((await hold(id, 'before-cancel')).status).toBe(201);
    const first = await cancel(id, { reason: 'venue closed' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'CANCELLED', cancelled_at: expect.stringMatching(/Z$/) });
    const refused = await hold(id, 'after-cancel');
    expect([refused.status, refused.body.code]).toEqual([409, 'EVENT_CANCELLED']);
    const again = await cancel(id);
    expect([again.status, again.body.cancelled_at]).toEqual([200, first.body.cancelled_at]);
    const update = await t.call<{ code?: string }>('PUT', `/events/admin/${id}`, { name: 'x' }, t.adminToken);
    expect([update.status, update.body.code]).toEqual([409, 'EVENT_CANCELLED']);
    // A released hold is not retaken for a cancelled event.
    expect((await post('before-cancel', 'release')).status).toBe(200);
    const confirm = await post('before-cancel', 'confirm');
    expect([confirm.status, confirm.body.code]).toEqual([409, 'EVENT_CANCELLED']);

    const messages = await readTopic(
      t.topics.cancelled,
      (m) => m.filter((x) => x.json().event_id === String(id)).length >= 1,
    );
    await new Promise((r) => setTimeout(r, 1500)); // a second message, if any, would be relayed by now
    const mine = (await readTopic(t.topics.cancelled, () => false, 3000)).filter(
      (x) => x.json().event_id === String(id),
    );
    expect(messages.length).toBeGreaterThan(0);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.key).toBe(String(id));
    expect(mine[0]!.json()).toEqual({
      event_id: String(id),
      event_name: 'Rock in Rio',
      cancelled_at: first.body.cancelled_at,
      reason: 'venue closed',
    });
  });

  it('answers 404, 400 and 403 as the other admin routes', async () => {
    expect((await cancel(999_999)).status).toBe(404);
    expect((await cancel('abc')).status).toBe(400);
    expect((await cancel(1, undefined, t.userToken)).status).toBe(403);
  });

  it('a refund puts sold seats back once, however often it is redelivered', async () => {
    const id = await createEvent(t, { capacity: 5, price: 10 });
    expect((await hold(id, 'paid-3', { quantity: 3 })).status).toBe(201);
    expect((await post('paid-3', 'confirm')).status).toBe(200);
    expect(await counters(id)).toEqual({ sold: 3, held: 0, refunded: 0, revenue: 30 });
    const one = await refund(id, 'paid-3', 1);
    await processed(one.messageId);
    await one.again();
    // Behind the redelivery on its partition (same key): once it is processed, so is the redelivery.
    const marker = await refund(id, 'unknown-payment', 1, 'paid-3');
    await processed(marker.messageId);
    expect(await counters(id)).toEqual({ sold: 2, held: 0, refunded: 1, revenue: 20 });
    // The rest, and more than is left: never beyond the hold's seats.
    const rest = await refund(id, 'paid-3', 5);
    await processed(rest.messageId);
    expect(await counters(id)).toEqual({ sold: 0, held: 0, refunded: 3, revenue: 0 });
    expect((await hold(id, 'again', { quantity: 5 })).status).toBe(201);
  });

  it('a refund of a hold not yet sold releases it', async () => {
    const id = await createEvent(t, { capacity: 2 });
    expect((await hold(id, 'held-2', { quantity: 2 })).status).toBe(201);
    const r = await refund(id, 'held-2', 2);
    await processed(r.messageId);
    expect(await counters(id)).toMatchObject({ sold: 0, held: 0, refunded: 0 });
  });
});
