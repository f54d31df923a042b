import { eventually, queryDatabase } from '@event-tickets/testing';
import { createEvent, startEventsApp, type EventsTestApp } from '../support/events-app';

interface HoldJson {
  status?: string;
  quantity?: number;
  ticket_type?: { id: number; name: string };
  event?: { price: number; refund_cutoff_hours: number };
  code?: string;
  details?: Record<string, unknown>;
}

describe('seat holds of several seats and of a ticket type (PostgreSQL)', () => {
  let t: EventsTestApp;
  const hold = (id: number, payment_id: string, extra: Record<string, unknown> = {}) =>
    t.internal<HoldJson>('POST', `/internal/events/${id}/holds`, { payment_id, ...extra });
  const post = (paymentId: string, action: string) =>
    t.internal<HoldJson>('POST', `/internal/holds/${paymentId}/${action}`);
  const types = async (id: number) =>
    queryDatabase<{ id: number; name: string; sold: number; held: number; revenue: number }>(
      t.db,
      `SELECT id, name, sold, held, revenue::float AS revenue FROM ticket_types WHERE event_id = $1
       ORDER BY is_default DESC, position, id`,
      [id],
    );
  const counters = async (id: number) => (await types(id)).map((x) => [x.sold, x.held]);

  beforeAll(async () => {
    t = await startEventsApp({ HOLD_SWEEP_INTERVAL_MS: '200' });
  });
  afterAll(() => t?.close());

  it('holds several seats of a type and answers its unit price, quantity and type', async () => {
    const id = await createEvent(t, {
      capacity: 10,
      refund_cutoff_hours: 6,
      ticket_types: [{ name: 'VIP', price: 300.25, capacity: 5 }],
    });
    const [, vip] = await types(id);
    const res = await hold(id, 'vip-3', { quantity: 3, ticket_type_id: String(vip!.id) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'HELD',
      quantity: 3,
      ticket_type: { id: vip!.id, name: 'VIP' },
      event: { price: 300.25, refund_cutoff_hours: 6 },
    });
    const again = await hold(id, 'vip-3', { quantity: 3, ticket_type_id: vip!.id });
    expect([again.status, again.body]).toEqual([200, res.body]);
    expect(await counters(id)).toEqual([
      [0, 0],
      [0, 3],
    ]);
    expect((await post('vip-3', 'confirm')).status).toBe(200);
    expect(await types(id)).toMatchObject([{ sold: 0 }, { sold: 3, held: 0, revenue: 900.75 }]);
  });

  it('three buyers asking for 2 of the last 2 seats at once: exactly one hold', async () => {
    const id = await createEvent(t, { capacity: 2 });
    const results = await Promise.all(['a', 'b', 'c'].map((p) => hold(id, `last-two-${p}`, { quantity: 2 })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    for (const r of results.filter((x) => x.status === 409))
      expect(r.body).toMatchObject({ code: 'SOLD_OUT', details: { available: 0 } });
    expect(await counters(id)).toEqual([[0, 2]]);
  });

  it('takes all seats or none, and says how many are left', async () => {
    const id = await createEvent(t, { capacity: 5 });
    expect((await hold(id, 'some', { quantity: 2 })).status).toBe(201);
    const tooMany = await hold(id, 'too-many', { quantity: 4 });
    expect([tooMany.status, tooMany.body.code, tooMany.body.details]).toEqual([
      409,
      'SOLD_OUT',
      { available: 3 },
    ]);
    expect(await counters(id)).toEqual([[0, 2]]);
    expect((await hold(id, 'rest', { quantity: 3 })).status).toBe(201);
  });

  it('refuses a quantity above the limit, an unknown type and a type outside its sale window', async () => {
    const id = await createEvent(t, {
      max_tickets_per_order: 3,
      ticket_types: [
        { name: 'Later', price: 10, sale_starts_at: '2029-01-01T00:00:00Z' },
        { name: 'Over', price: 10, sale_ends_at: '2020-01-01T00:00:00Z' },
      ],
    });
    const [, later, over] = await types(id);
    const other = await createEvent(t);
    const [otherType] = await types(other);
    const cases: [Record<string, unknown>, number, string, unknown?][] = [
      [{ quantity: 4 }, 400, 'QUANTITY_ABOVE_LIMIT', { max_tickets_per_order: 3 }],
      [{ ticket_type_id: otherType!.id }, 404, 'TICKET_TYPE_NOT_FOUND'],
      [{ ticket_type_id: '99999999999999' }, 404, 'TICKET_TYPE_NOT_FOUND'],
      [{ ticket_type_id: later!.id }, 409, 'SALE_NOT_STARTED'],
      [{ ticket_type_id: over!.id }, 409, 'SALE_ENDED'],
    ];
    for (const [i, [extra, status, code, details]] of cases.entries()) {
      const res = await hold(id, `refused-${i}`, extra);
      expect({ extra, status: res.status, code: res.body.code }).toEqual({ extra, status, code });
      if (details) expect(res.body.details).toEqual(details);
    }
    for (const bad of [{ quantity: 0 }, { quantity: 1.5 }, { ticket_type_id: 'abc' }, { ticket_type_id: -1 }])
      expect((await hold(id, 'bad', bad)).status).toBe(400);
    expect((await hold(id, 'default-limit', { quantity: 3 })).status).toBe(201);
    const defaultLimit = await createEvent(t);
    const eleven = await hold(defaultLimit, 'eleven', { quantity: 11 });
    expect([eleven.status, eleven.body.details]).toEqual([400, { max_tickets_per_order: 10 }]);
  });

  it('release and expiry put all the seats of a hold back; a released hold retakes them if free', async () => {
    const id = await createEvent(t, { capacity: 4 });
    expect((await hold(id, 'rel', { quantity: 3 })).status).toBe(201);
    expect((await post('rel', 'release')).status).toBe(200);
    expect(await counters(id)).toEqual([[0, 0]]);
    expect((await hold(id, 'short', { quantity: 3, ttl_seconds: 1 })).status).toBe(201);
    await eventually(
      () => counters(id),
      (c) => c[0]![1] === 0,
      { timeoutMs: 10_000 },
    );
    // Expired, then confirmed: its 3 seats are free again, so it takes them as a sale.
    expect((await post('short', 'confirm')).status).toBe(200);
    expect(await counters(id)).toEqual([[3, 0]]);
    expect((await hold(id, 'short2', { quantity: 1, ttl_seconds: 1 })).status).toBe(201);
    await eventually(
      () => counters(id),
      (c) => c[0]![1] === 0,
      { timeoutMs: 10_000 },
    );
    expect((await hold(id, 'taker', { quantity: 1 })).status).toBe(201);
    const lost = await post('short2', 'confirm');
    expect([lost.status, lost.body.code]).toEqual([409, 'HOLD_LOST']);
    expect(await counters(id)).toEqual([[3, 1]]);
  });
});
