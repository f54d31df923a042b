import { createEvent, eventBody, startEventsApp, type EventsTestApp } from '../support/events-app';

interface TypeJson {
  id: number;
  name: string;
  price: number;
  capacity: number | null;
  available: number | null;
  sale_starts_at: string | null;
  sale_ends_at: string | null;
  is_default: boolean;
}
interface EventJson {
  id: number;
  price: number;
  capacity: number | null;
  available: number | null;
  ticket_types: TypeJson[];
  max_tickets_per_order: number;
  refund_cutoff_hours: number;
  code?: string;
  message?: string;
}

describe('ticket types: catalogue and admin routes (PostgreSQL)', () => {
  let t: EventsTestApp;
  const get = (id: number) => t.call<EventJson>('GET', `/events/${id}`, undefined, t.userToken);
  const admin = <T = TypeJson & { code?: string; message?: string }>(
    method: string,
    path: string,
    body?: unknown,
  ) => t.call<T>(method, path, body, t.adminToken);
  const hold = (id: number, payment_id: string, extra: Record<string, unknown> = {}) =>
    t.internal('POST', `/internal/events/${id}/holds`, { payment_id, ...extra });

  beforeAll(async () => {
    t = await startEventsApp();
  });
  afterAll(() => t?.close());

  it('creates an event with extra types; the event keeps its own price and capacity as the default type', async () => {
    const res = await admin<EventJson>(
      'POST',
      '/events/admin',
      eventBody({
        capacity: 100,
        max_tickets_per_order: 4,
        refund_cutoff_hours: 48,
        ticket_types: [
          { name: 'VIP', price: 400, capacity: 10, sale_ends_at: '2030-09-01T00:00:00Z' },
          { name: 'Standing', price: 80 },
        ],
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ price: 150.5, capacity: 100, available: null });
    expect(res.body.max_tickets_per_order).toBe(4);
    expect(res.body.refund_cutoff_hours).toBe(48);
    expect(
      res.body.ticket_types.map((x) => [x.name, x.price, x.capacity, x.available, x.is_default]),
    ).toEqual([
      ['General admission', 150.5, 100, 100, true],
      ['VIP', 400, 10, 10, false],
      ['Standing', 80, null, null, false],
    ]);
    expect(res.body.ticket_types[1]!.sale_ends_at).toBe('2030-09-01T00:00:00.000Z');
    expect((await get(res.body.id)).body).toEqual(res.body);
  });

  it('sums the available seats over the types', async () => {
    const id = await createEvent(t, {
      capacity: 5,
      ticket_types: [{ name: 'VIP', price: 300, capacity: 3 }],
    });
    const vip = (await get(id)).body.ticket_types[1]!;
    expect((await hold(id, 'sum-1', { quantity: 2, ticket_type_id: vip.id })).status).toBe(201);
    expect((await hold(id, 'sum-2')).status).toBe(201);
    const event = (await get(id)).body;
    expect(event.available).toBe(8 - 3);
    expect(event.ticket_types.map((x) => x.available)).toEqual([4, 1]);
    const listed = await t.call<{ events: EventJson[] }>('GET', '/events?size=100', undefined, t.userToken);
    expect(listed.body.events.find((e) => e.id === id)).toEqual(event);
  });

  it('writes the event price and capacity through to the default type', async () => {
    const id = await createEvent(t, { capacity: 10 });
    expect(
      (await admin('PUT', `/events/admin/${id}`, { price: 20, capacity: 50, max_tickets_per_order: 3 }))
        .status,
    ).toBe(204);
    const event = (await get(id)).body;
    expect(event).toMatchObject({ price: 20, capacity: 50, available: 50, max_tickets_per_order: 3 });
    expect(event.ticket_types[0]).toMatchObject({ price: 20, capacity: 50, is_default: true });
  });

  it('adds, changes and removes a type', async () => {
    const id = await createEvent(t, { capacity: 10 });
    const added = await admin('POST', `/events/admin/${id}/ticket-types`, {
      name: 'VIP',
      price: 300,
      capacity: 5,
    });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      id: expect.any(Number),
      name: 'VIP',
      price: 300,
      capacity: 5,
      available: 5,
      sale_starts_at: null,
      sale_ends_at: null,
      is_default: false,
    });
    const path = `/events/admin/${id}/ticket-types/${added.body.id}`;
    const changed = await admin('PUT', path, { price: 350, sale_starts_at: '2029-01-01T00:00:00Z' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      name: 'VIP',
      price: 350,
      capacity: 5,
      sale_starts_at: '2029-01-01T00:00:00.000Z',
    });
    expect((await admin('PUT', path, { sale_starts_at: null })).body.sale_starts_at).toBeNull();
    expect((await admin('DELETE', path)).status).toBe(204);
    expect((await get(id)).body.ticket_types).toHaveLength(1);
    expect((await admin('DELETE', path)).body.code).toBe('TICKET_TYPE_NOT_FOUND');
  });

  it('refuses to shrink a type below sold + held, or to remove the default type or a type in use (409)', async () => {
    const id = await createEvent(t, {
      capacity: 10,
      ticket_types: [{ name: 'VIP', price: 300, capacity: 5 }],
    });
    const [main, vip] = (await get(id)).body.ticket_types;
    expect((await hold(id, 'shrink-1', { quantity: 3, ticket_type_id: String(vip!.id) })).status).toBe(201);
    const shrink = await admin('PUT', `/events/admin/${id}/ticket-types/${vip!.id}`, { capacity: 2 });
    expect([shrink.status, shrink.body.code]).toEqual([409, 'CAPACITY_BELOW_SOLD']);
    expect((await admin('PUT', `/events/admin/${id}/ticket-types/${vip!.id}`, { capacity: 3 })).status).toBe(
      200,
    );
    const inUse = await admin('DELETE', `/events/admin/${id}/ticket-types/${vip!.id}`);
    expect([inUse.status, inUse.body.code]).toEqual([409, 'TICKET_TYPE_IN_USE']);
    const byDefault = await admin('DELETE', `/events/admin/${id}/ticket-types/${main!.id}`);
    expect([byDefault.status, byDefault.body.code]).toEqual([409, 'TICKET_TYPE_IN_USE']);
    const del = await admin('DELETE', `/events/admin/${id}`);
    expect([del.status, del.body.code]).toEqual([409, 'EVENT_HAS_SEATS']);
  });

  it('answers bad type bodies and ids with a 4xx and a code', async () => {
    const id = await createEvent(t);
    const other = await createEvent(t, { ticket_types: [{ name: 'Other', price: 1 }] });
    const otherType = (await get(other)).body.ticket_types[1]!.id;
    const cases: [string, string, unknown, number, string][] = [
      ['POST', `/events/admin/${id}/ticket-types`, { price: 10 }, 400, 'INVALID_TICKET_TYPE'],
      ['POST', `/events/admin/${id}/ticket-types`, { name: 'x', price: 0 }, 400, 'INVALID_TICKET_TYPE'],
      [
        'POST',
        `/events/admin/${id}/ticket-types`,
        { name: 'x', price: 1, capacity: 0 },
        400,
        'INVALID_TICKET_TYPE',
      ],
      [
        'POST',
        `/events/admin/${id}/ticket-types`,
        { name: 'x', price: 1, sale_starts_at: '2030-02-01T00:00:00Z', sale_ends_at: '2030-01-01T00:00:00Z' },
        400,
        'INVALID_TICKET_TYPE',
      ],
      ['POST', `/events/admin/999999/ticket-types`, { name: 'x', price: 1 }, 404, 'EVENT_NOT_FOUND'],
      ['PUT', `/events/admin/${id}/ticket-types/${otherType}`, { price: 2 }, 404, 'TICKET_TYPE_NOT_FOUND'],
      ['PUT', `/events/admin/${id}/ticket-types/abc`, { price: 2 }, 400, 'INVALID_EVENT_ID'],
    ];
    for (const [method, path, body, status, code] of cases) {
      const res = await admin(method, path, body);
      expect({ path, body, status: res.status, code: res.body.code }).toEqual({ path, body, status, code });
    }
    const bad = await admin<EventJson>(
      'POST',
      '/events/admin',
      eventBody({ ticket_types: [{ name: '', price: 1 }] }),
    );
    expect([bad.status, bad.body.code]).toEqual([400, 'INVALID_EVENT']);
    expect(
      (await t.call('POST', `/events/admin/${id}/ticket-types`, { name: 'x', price: 1 }, t.userToken)).status,
    ).toBe(403);
  });
});
