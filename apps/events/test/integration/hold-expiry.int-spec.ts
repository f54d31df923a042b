import { eventually, queryDatabase, type RunningApp, startApp } from '@event-tickets/testing';
import { eventsService } from '../../src/events.service-definition';
import { createEvent, startEventsApp, type EventsTestApp } from '../support/events-app';

describe('seat holds: expiry (HOLD_TTL_SECONDS=1, sweep every 200 ms)', () => {
  let t: EventsTestApp;
  const hold = (eventId: number, paymentId: string) =>
    t.internal<{ status: string; code?: string }>('POST', `/internal/events/${eventId}/holds`, {
      payment_id: paymentId,
    });
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
  const released = (paymentId: string) =>
    eventually(
      () => status(paymentId),
      (s) => s === 'RELEASED',
      { timeoutMs: 10_000 },
    );

  beforeAll(async () => {
    t = await startEventsApp({ HOLD_TTL_SECONDS: '1', HOLD_SWEEP_INTERVAL_MS: '200' });
  });
  afterAll(() => t?.close());

  it('releases a hold that was not confirmed in time; the seat is on sale again', async () => {
    const id = await createEvent(t, { capacity: 1 });
    expect((await hold(id, 'late')).status).toBe(201);
    expect((await hold(id, 'waiting')).status).toBe(409);
    expect(await released('late')).toBe('RELEASED');
    expect(await counters(id)).toEqual({ sold: 0, held: 0 });
    expect((await hold(id, 'waiting')).status).toBe(201);
  });

  it('confirms an expired hold when a seat is still free, else answers HOLD_LOST', async () => {
    const id = await createEvent(t, { capacity: 1 });
    await hold(id, 'slow-payer');
    await released('slow-payer');
    const confirmed = await t.internal('POST', '/internal/holds/slow-payer/confirm');
    expect(confirmed.body).toEqual({ payment_id: 'slow-payer', status: 'SOLD' });
    expect(await counters(id)).toEqual({ sold: 1, held: 0 });

    const other = await createEvent(t, { capacity: 1 });
    await hold(other, 'too-slow');
    await released('too-slow');
    expect((await hold(other, 'quick')).status).toBe(201);
    const lost = await t.internal('POST', '/internal/holds/too-slow/confirm');
    expect(lost.status).toBe(409);
    expect(lost.body.code).toBe('HOLD_LOST');
    expect(await counters(other)).toEqual({ sold: 0, held: 1 });
  });

  it('lets two replicas sweep side by side without releasing a seat twice', async () => {
    let replica: RunningApp | undefined;
    try {
      replica = await startApp(eventsService, {
        DB_NAME: t.db,
        PAYMENT_SUCCEEDED_TOPIC: t.topics.succeeded,
        PAYMENT_FAILED_TOPIC: t.topics.failed,
        HOLD_TTL_SECONDS: '1',
        HOLD_SWEEP_INTERVAL_MS: '50',
        HOLD_SWEEP_BATCH_SIZE: '7',
      });
      const ids = [await createEvent(t, { capacity: 300 }), await createEvent(t, { capacity: 300 })];
      await Promise.all(Array.from({ length: 400 }, (_, i) => hold(ids[i % 2]!, `swept-${i}`)));
      const left = await eventually(
        () =>
          queryDatabase<{ n: number }>(
            t.db,
            `SELECT count(*)::int AS n FROM seat_holds WHERE status = 'HELD'`,
          ).then((r) => r[0]!.n),
        (n) => n === 0,
        { timeoutMs: 15_000 },
      );
      expect(left).toBe(0);
      for (const id of ids) expect(await counters(id)).toEqual({ sold: 0, held: 0 });
    } finally {
      await replica?.close();
    }
  });
});
