import { randomUUID } from 'node:crypto';
import { PostgresOutboxRelay } from '@event-tickets/service-kit';
import { eventually, queryDatabase, type RunningApp, startApp } from '@event-tickets/testing';
import { EventsClient } from '../../src/purchases/events.client';
import { paymentsService } from '../../src/payments.service-definition';
import { INTERNAL_TOKEN, PaymentsStack, purchaseBody } from '../support/payments-stack';

jest.setTimeout(180_000);

/**
 * payments reaches events through a TCP proxy that can make events answer late. events takes the
 * hold at once, its answer comes after payments' EVENTS_TIMEOUT_MS (3 s): the hold must come back.
 */
describe('seat holds never leak (payments → events through a slow proxy)', () => {
  let stack: PaymentsStack;

  const seats = async (eventId: number) =>
    (
      await queryDatabase<{ held: number; sold: number }>(
        stack.eventsDb.name,
        // The seat counters live on the event's ticket types.
        `SELECT sum(held)::int AS held, sum(sold)::int AS sold FROM ticket_types WHERE event_id = $1`,
        [eventId],
      )
    )[0]!;
  const pendingPayments = async (eventId: number) =>
    (
      await stack.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM payments WHERE event_id = $1 AND status = 'PENDING'`,
        [String(eventId)],
      )
    )[0]!.n;
  const releasesLeft = async () =>
    (await stack.query<{ n: number }>(`SELECT count(*)::int AS n FROM hold_releases`))[0]!.n;
  const holdAt = (eventId: number, paymentId: string) =>
    fetch(`${stack.events.url}/internal/events/${eventId}/holds`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${INTERNAL_TOKEN}` },
      body: JSON.stringify({ payment_id: paymentId }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { code?: string } }));

  beforeAll(async () => {
    stack = await PaymentsStack.start({ eventsProxy: true });
  });

  afterAll(async () => {
    await stack?.close();
  });

  afterEach(() => stack.eventsProxy?.slowReplies(0));

  it('20 buyers of a 20-seat event while events answers 6 s late: 20 × 503, the seats come back, a retry buys', async () => {
    const eventId = await stack.createEvent({ capacity: 20 });
    const buyers = await Promise.all(Array.from({ length: 20 }, () => stack.buyer()));
    const key = (i: number) => ({ 'idempotency-key': `retry-${buyers[i]!.id}` });

    stack.eventsProxy!.slowReplies(6000);
    const started = Date.now();
    const answers = await Promise.all(buyers.map((b, i) => stack.purchase(b, eventId, {}, key(i))));
    const took = Date.now() - started;
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(503));
    expect(answers.every((a) => a.body.code === 'EVENTS_UNAVAILABLE')).toBe(true);
    expect(answers.every((a) => Number(a.headers.get('retry-after')) >= 1)).toBe(true);
    expect(took).toBeLessThan(6000);
    // events did take the 20 holds: only its answers were late.
    const taken = await queryDatabase<{ n: number }>(
      stack.eventsDb.name,
      `SELECT count(*)::int AS n FROM seat_holds WHERE event_id = $1`,
      [eventId],
    );
    expect(taken).toEqual([{ n: 20 }]);

    stack.eventsProxy!.slowReplies(0);
    const back = await eventually(
      () => stack.event(eventId),
      (e) => e.available === 20,
      { timeoutMs: 30_000 },
    );
    expect(back.available).toBe(20); // released, long before the 120 s first hold would end
    expect(await eventually(releasesLeft, (n) => n === 0, { timeoutMs: 30_000 })).toBe(0);
    const holds = await queryDatabase<{ status: string; n: number }>(
      stack.eventsDb.name,
      `SELECT status, count(*)::int AS n FROM seat_holds WHERE event_id = $1 GROUP BY status`,
      [eventId],
    );
    expect(holds).toEqual([{ status: 'RELEASED', n: 20 }]);

    // A released payment id can never take a seat again, even if its hold request arrived now.
    const [released] = await queryDatabase<{ payment_id: string }>(
      stack.eventsDb.name,
      `SELECT payment_id FROM seat_holds WHERE event_id = $1 LIMIT 1`,
      [eventId],
    );
    const late = await holdAt(eventId, released!.payment_id);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('HOLD_RELEASED');

    // Each buyer retries with the same Idempotency-Key (nothing was stored for it) and buys.
    const retries = await Promise.all(buyers.map((b, i) => stack.purchase(b, eventId, {}, key(i))));
    expect(retries.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(retries.every((r) => r.headers.get('idempotent-replayed') === null)).toBe(true);
    expect((await stack.event(eventId)).available).toBe(0);

    // At rest, held seats are the pending payments (here: none, all sold).
    await eventually(
      () => seats(eventId),
      (s) => s.sold === 20,
      { timeoutMs: 60_000 },
    );
    expect(await seats(eventId)).toEqual({ held: 0, sold: 20 });
    expect(await pendingPayments(eventId)).toBe(0);
  });

  it('answers the purchases beyond EVENTS_MAX_IN_FLIGHT 503 with Retry-After at once when no queue is allowed', async () => {
    let bounded: RunningApp | undefined;
    try {
      bounded = await startApp(
        paymentsService,
        stack.paymentsEnv({ EVENTS_MAX_IN_FLIGHT: '4', EVENTS_QUEUE_LIMIT: '0' }),
      );
      const eventId = await stack.createEvent({ capacity: 50 });
      const buyers = await Promise.all(Array.from({ length: 12 }, () => stack.buyer()));
      stack.eventsProxy!.slowReplies(1500);
      const timed = await Promise.all(
        buyers.map(async (b) => {
          const started = Date.now();
          const res = await fetch(`${bounded!.url}/payments`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${b.token}` },
            body: JSON.stringify({
              user_email: b.email,
              event_id: String(eventId),
              payment_token: 'TOKEN123',
            }),
          });
          const body = (await res.json()) as { code?: string; message?: string };
          return {
            status: res.status,
            body,
            retryAfter: res.headers.get('retry-after'),
            ms: Date.now() - started,
          };
        }),
      );
      const shed = timed.filter((t) => t.status === 503);
      const bought = timed.filter((t) => t.status === 201);
      expect(bought).toHaveLength(4);
      expect(shed).toHaveLength(8);
      for (const t of shed) {
        expect(t.body).toMatchObject({
          code: 'EVENTS_UNAVAILABLE',
          message: 'too many purchases in progress, retry shortly',
        });
        expect(t.retryAfter).toBe('1');
        expect(t.ms).toBeLessThan(1000);
      }
      expect(Math.min(...bought.map((t) => t.ms))).toBeGreaterThanOrEqual(1400);
      // The refused purchases never asked for a seat.
      stack.eventsProxy!.slowReplies(0);
      expect((await stack.event(eventId)).available).toBe(46);
      const metrics = await (await fetch(`${bounded.url}/metrics`)).text();
      expect(metrics).toMatch(/payment_purchases_shed_total(\{[^}]*\})? 8/);
    } finally {
      await bounded?.close();
    }
  });

  it('serves purchases beyond EVENTS_MAX_IN_FLIGHT in line within EVENTS_QUEUE_WAIT_MS, and sheds the ones that wait longer', async () => {
    let bounded: RunningApp | undefined;
    try {
      bounded = await startApp(
        paymentsService,
        stack.paymentsEnv({
          EVENTS_MAX_IN_FLIGHT: '2',
          EVENTS_QUEUE_LIMIT: '20',
          EVENTS_QUEUE_WAIT_MS: '1200',
        }),
      );
      const eventId = await stack.createEvent({ capacity: 50 });
      const buyers = await Promise.all(Array.from({ length: 8 }, () => stack.buyer()));
      // Each purchase waits for two answers of events (hold, extend), each 400 ms late: 800 ms or more
      // a purchase, two at a time. The next two get their slots after about 800 ms of waiting (within
      // the 1.2 s), the last four would wait 1.6 s or more: they are answered 503 after 1.2 s.
      stack.eventsProxy!.slowReplies(400);
      const answers = await Promise.all(
        buyers.map(async (b) => {
          const res = await fetch(`${bounded!.url}/payments`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${b.token}` },
            body: JSON.stringify(purchaseBody(b, eventId)),
          });
          return { status: res.status, retryAfter: res.headers.get('retry-after') };
        }),
      );
      stack.eventsProxy!.slowReplies(0);
      const bought = answers.filter((a) => a.status === 201).length;
      const shed = answers.filter((a) => a.status === 503);
      expect(bought).toBeGreaterThan(2);
      expect(shed.length).toBeGreaterThan(0);
      expect(bought + shed.length).toBe(8);
      for (const a of shed) expect(a.retryAfter).toBe('1');
      expect((await stack.event(eventId)).available).toBe(50 - bought);
    } finally {
      await bounded?.close();
    }
  });

  it('holds a seat briefly (HOLD_TTL_SECONDS, 120) and extends it to events’ full length once the payment is stored', async () => {
    const eventId = await stack.createEvent({ capacity: 5 });
    const client = stack.payments.app.get(EventsClient);
    const extend = client.extend.bind(client);
    const beforeExtension: { holdSeconds: number; deadlineSeconds: number }[] = [];
    const spy = jest.spyOn(client, 'extend').mockImplementation(async (paymentId: string) => {
      const [hold] = await queryDatabase<{ s: number }>(
        stack.eventsDb.name,
        `SELECT extract(epoch FROM expires_at - created_at)::float8 AS s FROM seat_holds WHERE payment_id = $1`,
        [paymentId],
      );
      const [payment] = await stack.query<{ s: number }>(
        `SELECT extract(epoch FROM deadline_at - created_at)::float8 AS s FROM payments WHERE id = $1`,
        [paymentId],
      );
      beforeExtension.push({ holdSeconds: hold!.s, deadlineSeconds: payment!.s });
      return extend(paymentId);
    });
    // The payment stays PENDING (nothing reaches the pipeline) while the test reads its deadline.
    const relay = stack.payments.app.get(PostgresOutboxRelay);
    await relay.stop();
    try {
      const res = await stack.purchase(await stack.buyer(), eventId);
      expect(res.status).toBe(201);
      expect(beforeExtension).toHaveLength(1);
      expect(beforeExtension[0]!.holdSeconds).toBeCloseTo(120, 0);
      expect(beforeExtension[0]!.deadlineSeconds).toBeLessThanOrEqual(120.5);

      const [hold] = await queryDatabase<{ s: number }>(
        stack.eventsDb.name,
        `SELECT extract(epoch FROM expires_at - created_at)::float8 AS s FROM seat_holds WHERE payment_id = $1`,
        [res.body.payment_id],
      );
      expect(hold!.s).toBeGreaterThan(890); // events' HOLD_TTL_SECONDS (900)
      const [payment] = await stack.query<{ s: number }>(
        `SELECT extract(epoch FROM deadline_at - created_at)::float8 AS s FROM payments WHERE id = $1`,
        [res.body.payment_id],
      );
      expect(payment!.s).toBeCloseTo(600, 0); // PAYMENT_TIMEOUT_SECONDS, before the hold ends
    } finally {
      spy.mockRestore();
      relay.start();
    }
  });

  it('releases a hold left by a purchase that never finished (a crash, a restart), from the table alone', async () => {
    const eventId = await stack.createEvent({ capacity: 3 });
    const orphan = randomUUID();
    // What a payments process leaves when it dies after asking for the hold: the row, and the hold.
    await stack.query(
      `INSERT INTO hold_releases (payment_id, event_id, next_attempt_at) VALUES ($1, $2, now() + interval '1 second')`,
      [orphan, String(eventId)],
    );
    expect((await holdAt(eventId, orphan)).status).toBe(201);
    expect((await stack.event(eventId)).available).toBe(2);
    await stack.holdBecomes(orphan, 'RELEASED', 20_000);
    expect((await stack.event(eventId)).available).toBe(3);
    expect(await eventually(releasesLeft, (n) => n === 0)).toBe(0);
  });
});
