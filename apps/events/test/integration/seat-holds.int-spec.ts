import { queryDatabase, signToken } from '@event-tickets/testing';
import { createEvent, INTERNAL_TOKEN, startEventsApp, type EventsTestApp } from '../support/events-app';

interface HoldJson {
  payment_id: string;
  event_id: number;
  status: string;
  expires_at: string;
  event: Record<string, unknown>;
  code?: string;
  message?: string;
}

describe('seat holds: the internal API (PostgreSQL)', () => {
  let t: EventsTestApp;
  const hold = (eventId: number | string, paymentId: string) =>
    t.internal<HoldJson>('POST', `/internal/events/${eventId}/holds`, { payment_id: paymentId });
  const confirm = (paymentId: string) => t.internal<HoldJson>('POST', `/internal/holds/${paymentId}/confirm`);
  const release = (paymentId: string) => t.internal<HoldJson>('POST', `/internal/holds/${paymentId}/release`);
  const available = async (id: number) =>
    (await t.call<{ available: number | null }>('GET', `/events/${id}`, undefined, t.userToken)).body
      .available;
  const counters = async (id: number) =>
    (
      await queryDatabase<{ sold: number; held: number }>(
        t.db,
        `SELECT sum(sold)::int AS sold, sum(held)::int AS held FROM ticket_types WHERE event_id = $1`,
        [id],
      )
    )[0]!;

  beforeAll(async () => {
    t = await startEventsApp();
  });
  afterAll(() => t?.close());

  it('is closed to user tokens and to calls without the service token (403)', async () => {
    const id = await createEvent(t, { capacity: 5 });
    const path = `/internal/events/${id}/holds`;
    const body = { payment_id: 'auth-check' };
    expect((await t.call('POST', path, body)).status).toBe(403);
    expect((await t.call('POST', path, body, t.userToken)).status).toBe(403);
    expect((await t.call('POST', path, body, t.adminToken)).status).toBe(403);
    expect((await t.call('POST', path, body, 'x'.repeat(40))).status).toBe(403);
    expect((await t.call('POST', '/internal/holds/auth-check/confirm', undefined, t.adminToken)).status).toBe(
      403,
    );
    expect((await t.call('POST', '/internal/holds/auth-check/release', undefined, t.userToken)).status).toBe(
      403,
    );
    expect(await counters(id)).toEqual({ sold: 0, held: 0 });
    const viaHeader = await fetch(`${t.app.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-internal-token': INTERNAL_TOKEN },
      body: JSON.stringify(body),
    });
    expect(viaHeader.status).toBe(201);
  });

  it('answers the hold with the authoritative price and event details (201)', async () => {
    const id = await createEvent(t, { capacity: 3, price: 99.9, currency: 'USD' });
    const res = await hold(id, 'pay-details');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      payment_id: 'pay-details',
      event_id: id,
      status: 'HELD',
      expires_at: expect.stringMatching(/Z$/),
      quantity: 1,
      ticket_type: { id: expect.any(Number), name: 'General admission' },
      event: {
        id,
        name: 'Rock in Rio',
        description: 'Music festival',
        image_url: 'https://img.example.com/rir.png',
        price: 99.9,
        currency: 'USD',
        event_date: '2030-09-26T00:00:00.000Z',
        refund_cutoff_hours: 24,
      },
    });
    const ttl = new Date(res.body.expires_at).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000 + 1000);
    expect(await available(id)).toBe(2);
  });

  it('answers 400 for a bad id or body, 404 for a missing event', async () => {
    expect((await hold('abc', 'p')).status).toBe(400);
    const noBody = await t.internal('POST', `/internal/events/1/holds`, {});
    expect(noBody.status).toBe(400);
    expect(noBody.body.message).toContain('payment_id');
    expect((await t.internal('POST', `/internal/events/1/holds`, { payment_id: '' })).status).toBe(400);
    expect((await t.internal('POST', `/internal/events/1/holds`, { payment_id: 7 })).status).toBe(400);
    expect((await t.internal('POST', `/internal/events/1/holds`, '"text"')).status).toBe(400);
    expect(
      (await t.internal('POST', `/internal/events/1/holds`, { payment_id: 'p'.repeat(256) })).status,
    ).toBe(400);
    const missing = await hold(999_999, 'p-missing');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'EVENT_NOT_FOUND', message: 'event is not found' });
  });

  it('500 parallel holds on 100 seats: exactly 100 held, 400 sold out, nothing left', async () => {
    const id = await createEvent(t, { capacity: 100 });
    const results = await Promise.all(Array.from({ length: 500 }, (_, i) => hold(id, `rush-${i}`)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(100);
    expect(statuses.filter((s) => s === 409)).toHaveLength(400);
    for (const r of results.filter((r) => r.status === 409)) {
      expect(r.body).toMatchObject({ code: 'SOLD_OUT', message: 'event is sold out' });
    }
    expect(await available(id)).toBe(0);
    expect(await counters(id)).toEqual({ sold: 0, held: 100 });
    const [rows] = await queryDatabase<{ n: number }>(
      t.db,
      `SELECT count(*)::int AS n FROM seat_holds WHERE event_id = $1 AND status = 'HELD'`,
      [id],
    );
    expect(rows!.n).toBe(100);
  });

  it('counts the same hold for one payment once, also when the calls race', async () => {
    const id = await createEvent(t, { capacity: 5 });
    const first = await hold(id, 'twice');
    const second = await hold(id, 'twice');
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.body).toEqual(first.body);
    const racing = await Promise.all(Array.from({ length: 30 }, () => hold(id, 'racer')));
    expect(racing.filter((r) => r.status === 201)).toHaveLength(1);
    expect(racing.filter((r) => r.status === 200)).toHaveLength(29);
    expect(await counters(id)).toEqual({ sold: 0, held: 2 });
    const elsewhere = await hold(await createEvent(t), 'twice');
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.code).toBe('HOLD_CONFLICT');
  });

  it('releases a hold, after which the seat can be held again', async () => {
    const id = await createEvent(t, { capacity: 1 });
    expect((await hold(id, 'first')).status).toBe(201);
    expect((await hold(id, 'second')).status).toBe(409);
    const released = await release('first');
    expect(released.status).toBe(200);
    expect(released.body).toEqual({ payment_id: 'first', status: 'RELEASED' });
    expect((await release('first')).status).toBe(200);
    expect(await available(id)).toBe(1);
    expect((await hold(id, 'second')).status).toBe(201);
    expect(await available(id)).toBe(0);
    // The released payment asks again: refused, whether or not a seat is free.
    expect((await hold(id, 'first')).body.code).toBe('HOLD_RELEASED');
    expect(await counters(id)).toEqual({ sold: 0, held: 1 });
  });

  it('confirms a hold as a sale, idempotently; a sold seat is never released', async () => {
    const id = await createEvent(t, { capacity: 2 });
    await hold(id, 'buyer');
    const sold = await confirm('buyer');
    expect(sold.status).toBe(200);
    expect(sold.body).toEqual({ payment_id: 'buyer', status: 'SOLD' });
    expect((await confirm('buyer')).status).toBe(200);
    expect(await counters(id)).toEqual({ sold: 1, held: 0 });
    const refused = await release('buyer');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('ALREADY_SOLD');
    const again = await hold(id, 'buyer');
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('SOLD');
    expect(await available(id)).toBe(1);
    expect(await counters(id)).toEqual({ sold: 1, held: 0 });
  });

  it('answers 404 HOLD_NOT_FOUND to confirm or release an unknown payment', async () => {
    for (const res of [await confirm('nobody'), await release('nobody')]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('HOLD_NOT_FOUND');
    }
  });

  it('holds without limit on an event without capacity', async () => {
    const id = await createEvent(t);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => hold(id, `free-${i}`)));
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(await available(id)).toBeNull();
    expect(await counters(id)).toEqual({ sold: 0, held: 50 });
  });

  it('refuses a capacity below the seats held and sold (409), and deleting an event with seats', async () => {
    const id = await createEvent(t, { capacity: 10 });
    for (const p of ['c1', 'c2', 'c3']) await hold(id, p);
    await confirm('c1');
    const lower = await t.call('PUT', `/events/admin/${id}`, { capacity: 2 }, t.adminToken);
    expect(lower.status).toBe(409);
    expect(lower.body.code).toBe('CAPACITY_BELOW_COMMITTED');
    expect((await t.call('PUT', `/events/admin/${id}`, { capacity: 3 }, t.adminToken)).status).toBe(204);
    expect(await available(id)).toBe(0);
    expect((await hold(id, 'c4')).body.code).toBe('SOLD_OUT');
    const del = await t.call('DELETE', `/events/admin/${id}`, undefined, t.adminToken);
    expect(del.status).toBe(409);
    expect(del.body.code).toBe('EVENT_HAS_SEATS');

    const abandoned = await createEvent(t, { capacity: 10 });
    await hold(abandoned, 'gone-1');
    await release('gone-1');
    expect((await t.call('DELETE', `/events/admin/${abandoned}`, undefined, t.adminToken)).status).toBe(204);
    expect((await confirm('gone-1')).status).toBe(404);
  });

  it('counts seats in /metrics', async () => {
    const text = await (await fetch(`${t.app.url}/metrics`)).text();
    expect(text).toMatch(/events_seats_held_total\{[^}]*\} \d+/);
    expect(text).toMatch(/events_seats_sold_total\{[^}]*\} \d+/);
    expect(text).toContain('events_hold_duration_seconds_bucket');
    expect(text).toMatch(/events_seats_released_total\{[^}]*reason="request"[^}]*\} \d+/);
  });

  it('refuses a user token signed as ADMIN even with the internal header', async () => {
    const token = await signToken({ id: 'svc', email: 's@x.com', role: 'ADMIN' });
    const res = await fetch(`${t.app.url}/internal/holds/x/confirm`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-internal-token': 'wrong-token-wrong-token' },
    });
    expect(res.status).toBe(403);
  });
});
