import { queryDatabase } from '@event-tickets/testing';
import { createEvent, startEventsApp, type EventsTestApp } from '../support/events-app';

interface HoldJson {
  payment_id: string;
  status: string;
  expires_at: string;
  code?: string;
}

/** Short first holds, their extension, and releases that refuse a late hold (HOLD_TTL_SECONDS=900). */
describe('seat holds: length, extension, release ahead of the hold', () => {
  let t: EventsTestApp;
  const hold = (eventId: number, paymentId: string, ttl?: number) =>
    t.internal<HoldJson>('POST', `/internal/events/${eventId}/holds`, {
      payment_id: paymentId,
      ...(ttl === undefined ? {} : { ttl_seconds: ttl }),
    });
  const extend = (paymentId: string) => t.internal<HoldJson>('POST', `/internal/holds/${paymentId}/extend`);
  const release = (paymentId: string, eventId?: number) =>
    t.internal<HoldJson>(
      'POST',
      `/internal/holds/${paymentId}/release`,
      eventId === undefined ? undefined : { event_id: eventId },
    );
  const secondsLeft = (h: HoldJson) => (Date.parse(h.expires_at) - Date.now()) / 1000;
  const counters = async (id: number) =>
    (
      await queryDatabase<{ sold: number; held: number }>(
        t.db,
        `SELECT sum(sold)::int AS sold, sum(held)::int AS held FROM ticket_types WHERE event_id = $1`,
        [id],
      )
    )[0]!;

  beforeAll(async () => {
    t = await startEventsApp({ HOLD_TTL_SECONDS: '900' });
  });
  afterAll(() => t?.close());

  it('holds for the length asked, capped at HOLD_TTL_SECONDS; HOLD_TTL_SECONDS when none is asked', async () => {
    const id = await createEvent(t, { capacity: 10 });
    const short = await hold(id, 'short', 120);
    expect(short.status).toBe(201);
    expect(secondsLeft(short.body)).toBeGreaterThan(110);
    expect(secondsLeft(short.body)).toBeLessThanOrEqual(120);
    expect(secondsLeft((await hold(id, 'capped', 100_000)).body)).toBeLessThanOrEqual(900);
    expect(secondsLeft((await hold(id, 'default')).body)).toBeGreaterThan(890);
    for (const bad of [0, -5, 1.5, 'ten'])
      expect(
        (await t.internal('POST', `/internal/events/${id}/holds`, { payment_id: 'x', ttl_seconds: bad }))
          .status,
      ).toBe(400);
  });

  it('extends a held seat to HOLD_TTL_SECONDS, idempotently; a sold seat stays sold', async () => {
    const id = await createEvent(t, { capacity: 10 });
    await hold(id, 'stored', 120);
    const extended = await extend('stored');
    expect(extended.status).toBe(200);
    expect(extended.body).toMatchObject({ payment_id: 'stored', status: 'HELD' });
    expect(secondsLeft(extended.body)).toBeGreaterThan(890);
    const again = await extend('stored');
    expect(Date.parse(again.body.expires_at)).toBeGreaterThanOrEqual(Date.parse(extended.body.expires_at));
    expect(await counters(id)).toEqual({ sold: 0, held: 1 });

    await t.internal('POST', '/internal/holds/stored/confirm');
    expect((await extend('stored')).body).toMatchObject({ status: 'SOLD' });
    expect((await extend('nobody')).body.code).toBe('HOLD_NOT_FOUND');
    await hold(id, 'gone', 120);
    await release('gone');
    const refused = await extend('gone');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('HOLD_RELEASED');
    expect(await counters(id)).toEqual({ sold: 1, held: 0 });
  });

  it('refuses a hold for a payment released before its hold arrived (a tombstone), with its own code', async () => {
    const id = await createEvent(t, { capacity: 1 });
    const early = await release('late-request', id);
    expect(early.status).toBe(200);
    expect(early.body).toEqual({ payment_id: 'late-request', status: 'RELEASED' });
    expect((await release('late-request', id)).status).toBe(200);
    const late = await hold(id, 'late-request');
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('HOLD_RELEASED');
    expect(await counters(id)).toEqual({ sold: 0, held: 0 });
    expect((await hold(id, 'next-buyer')).status).toBe(201);
    // Without the event id an unknown payment is still 404, as before.
    expect((await release('never-seen')).status).toBe(404);
    // An event that does not exist: nothing held, nothing to remember.
    expect((await release('no-event', 2_000_000_000)).status).toBe(200);
  });

  it('never leaves a seat held when the hold and its release race', async () => {
    const id = await createEvent(t, { capacity: 100 });
    const pairs = Array.from({ length: 60 }, (_, i) => `race-${i}`);
    const results = await Promise.all(pairs.map((p) => Promise.all([hold(id, p, 120), release(p, id)])));
    for (const [held, released] of results) {
      expect([201, 409]).toContain(held.status);
      if (held.status === 409) expect(held.body.code).toBe('HOLD_RELEASED');
      expect(released.status).toBe(200);
    }
    expect(await counters(id)).toEqual({ sold: 0, held: 0 });
    const rows = await queryDatabase<{ status: string; n: number }>(
      t.db,
      `SELECT status, count(*)::int AS n FROM seat_holds WHERE event_id = $1 GROUP BY status`,
      [id],
    );
    expect(rows).toEqual([{ status: 'RELEASED', n: 60 }]);
  });
});
