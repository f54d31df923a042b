import { foreignPrivateKey, signToken } from '@event-tickets/testing';
import { createEvent, eventBody, startEventsApp, type EventsTestApp } from '../support/events-app';

interface EventJson {
  id: number;
  name: string;
  event_date: string;
  capacity: number | null;
  available: number | null;
  [key: string]: unknown;
}
interface ListJson {
  events: EventJson[];
  pagination: { page: number; size: number; total: number; totalPages: number };
}

describe('events catalogue API (PostgreSQL)', () => {
  let t: EventsTestApp;
  const list = (query = '') => t.call<ListJson>('GET', `/events${query}`, undefined, t.userToken);

  beforeAll(async () => {
    t = await startEventsApp();
  });
  afterAll(() => t?.close());

  describe('pagination (the original defaults, cap and shape)', () => {
    it('answers an empty table with [] and 0 pages', async () => {
      const res = await list();
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ events: [], pagination: { page: 1, size: 10, total: 0, totalPages: 0 } });
    });

    it('pages 25 events newest first, with the edges of page and size', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 25; i += 1) ids.push(await createEvent(t, { name: `Show ${i}` }));
      const newestFirst = [...ids].reverse();

      const first = await list();
      expect(first.body.pagination).toEqual({ page: 1, size: 10, total: 25, totalPages: 3 });
      expect(first.body.events.map((e) => e.id)).toEqual(newestFirst.slice(0, 10));

      const third = await list('?page=3&size=10');
      expect(third.body.events.map((e) => e.id)).toEqual(newestFirst.slice(20));
      expect((await list('?page=4')).body).toEqual({
        events: [],
        pagination: { page: 4, size: 10, total: 25, totalPages: 3 },
      });

      for (const page of ['0', '-2', 'abc']) {
        const res = await list(`?page=${page}&size=5`);
        expect(res.body.pagination).toEqual({ page: 1, size: 5, total: 25, totalPages: 5 });
        expect(res.body.events.map((e) => e.id)).toEqual(newestFirst.slice(0, 5));
      }
      for (const size of ['0', '-1', 'x'])
        expect((await list(`?size=${size}`)).body.pagination.size).toBe(10);
      const capped = await list('?size=101');
      expect(capped.body.pagination).toEqual({ page: 1, size: 100, total: 25, totalPages: 1 });
      expect(capped.body.events).toHaveLength(25);
    });
  });

  describe('authentication and roles', () => {
    it('needs a token on every route: 401 with the original messages', async () => {
      const expired = await signToken(
        { id: 'u', email: 'u@x.com', role: 'ADMIN' },
        { issuedAt: 1_000_000, expiresInSeconds: 60 },
      );
      const foreign = await signToken(
        { id: 'u', email: 'u@x.com', role: 'ADMIN' },
        { privateKeyPem: foreignPrivateKey() },
      );
      const routes: [string, string, unknown?][] = [
        ['GET', '/events'],
        ['GET', '/events/1'],
        ['POST', '/events/admin', eventBody()],
        ['PUT', '/events/admin/1', { name: 'x' }],
        ['DELETE', '/events/admin/1'],
      ];
      for (const [method, path, body] of routes) {
        for (const [token, message] of [
          [undefined, 'no token found'],
          [expired, 'token is expired'],
          [foreign, 'token is unauthorized'],
          ['not-a-jwt', 'token is unauthorized'],
        ] as const) {
          const res = await t.call(method, path, body, token);
          expect({ method, path, status: res.status, message: res.body.message }).toEqual({
            method,
            path,
            status: 401,
            message,
          });
        }
      }
    });

    it('refuses PUBLIC tokens on the admin routes: 403 "Admin access required"', async () => {
      const id = await createEvent(t);
      for (const [method, path, body] of [
        ['POST', '/events/admin', eventBody()],
        ['PUT', `/events/admin/${id}`, { name: 'x' }],
        ['DELETE', `/events/admin/${id}`],
      ] as const) {
        const res = await t.call(method, path, body, t.userToken);
        expect(res.status).toBe(403);
        expect(res.body.message).toBe('Admin access required');
      }
      expect((await t.call('GET', `/events/${id}`, undefined, t.userToken)).status).toBe(200);
    });

    it('accepts the original jwt cookie', async () => {
      const res = await fetch(`${t.app.url}/events`, { headers: { cookie: `jwt=${t.userToken}` } });
      expect(res.status).toBe(200);
    });
  });

  describe('create, read, update, delete', () => {
    it('creates with 201, keeps the instant of event_date, reports capacity and availability', async () => {
      const res = await t.call<EventJson>(
        'POST',
        '/events/admin',
        eventBody({ capacity: 300, unknown_field: 'ignored' }),
        t.adminToken,
      );
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(Number),
        name: 'Rock in Rio',
        description: 'Music festival',
        image_url: 'https://img.example.com/rir.png',
        currency: 'BRL',
        price: 150.5,
        event_date: '2030-09-26T00:00:00.000Z',
        created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        updated_at: expect.stringMatching(/Z$/),
        capacity: 300,
        available: 300,
        ticket_types: [
          {
            id: expect.any(Number),
            name: 'General admission',
            price: 150.5,
            capacity: 300,
            available: 300,
            sale_starts_at: null,
            sale_ends_at: null,
            is_default: true,
          },
        ],
        max_tickets_per_order: 10,
        refund_cutoff_hours: 24,
        status: 'ON_SALE',
        cancelled_at: null,
      });
      const read = await t.call<EventJson>('GET', `/events/${res.body.id}`, undefined, t.userToken);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(res.body);

      const unlimited = await t.call<EventJson>('POST', '/events/admin', eventBody(), t.adminToken);
      expect(unlimited.body).toMatchObject({ capacity: null, available: null });
    });

    it('answers 400 for a non-numeric id and 404 "event is not found" for a missing one', async () => {
      for (const path of ['/events/abc', '/events/1.5']) {
        const res = await t.call('GET', path, undefined, t.userToken);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ statusCode: 400, code: 'INVALID_EVENT_ID' });
      }
      expect((await t.call('PUT', '/events/admin/abc', { name: 'x' }, t.adminToken)).status).toBe(400);
      expect((await t.call('DELETE', '/events/admin/abc', undefined, t.adminToken)).status).toBe(400);
      for (const id of ['999999', '0', '99999999999']) {
        const res = await t.call('GET', `/events/${id}`, undefined, t.userToken);
        expect(res.status).toBe(404);
        expect(res.body.message).toBe('event is not found');
      }
    });

    it('updates partially (204), as the original: empty strings and price ≤ 0 change nothing', async () => {
      const id = await createEvent(t, { capacity: 10 });
      const res = await t.call(
        'PUT',
        `/events/admin/${id}`,
        { name: 'Renamed', description: '', price: 0, currency: '', event_date: '2031-01-01T10:00:00+01:00' },
        t.adminToken,
      );
      expect(res.status).toBe(204);
      const read = await t.call<EventJson>('GET', `/events/${id}`, undefined, t.userToken);
      expect(read.body).toMatchObject({
        name: 'Renamed',
        description: 'Music festival',
        price: 150.5,
        currency: 'BRL',
        event_date: '2031-01-01T09:00:00.000Z',
        capacity: 10,
      });
      expect(read.body.updated_at).not.toBe(read.body.created_at);
      expect(
        (await t.call('PUT', `/events/admin/${id}`, { price: 20, capacity: 50 }, t.adminToken)).status,
      ).toBe(204);
      expect((await t.call('GET', `/events/${id}`, undefined, t.userToken)).body).toMatchObject({
        price: 20,
        capacity: 50,
        available: 50,
      });
    });

    it('refuses a bad update with 400 and a missing event with 404', async () => {
      const id = await createEvent(t);
      const bad = await t.call(
        'PUT',
        `/events/admin/${id}`,
        { event_date: '2020-01-01T00:00:00Z' },
        t.adminToken,
      );
      expect(bad.status).toBe(400);
      expect(bad.body.message).toBe('the event_date field cannot be less than the current date');
      const format = await t.call('PUT', `/events/admin/${id}`, { event_date: '01/01/2031' }, t.adminToken);
      expect(format.body.message).toBe(
        "the event_date field must have this format '2024-09-25T00:00:00.000Z'",
      );
      expect((await t.call('PUT', `/events/admin/${id}`, { capacity: 0 }, t.adminToken)).status).toBe(400);
      const missing = await t.call('PUT', '/events/admin/999999', { name: 'x' }, t.adminToken);
      expect(missing.status).toBe(404);
      expect(missing.body.message).toBe('event is not found');
    });

    it('deletes (204), then the event is gone (404)', async () => {
      const id = await createEvent(t);
      expect((await t.call('DELETE', `/events/admin/${id}`, undefined, t.adminToken)).status).toBe(204);
      expect((await t.call('GET', `/events/${id}`, undefined, t.userToken)).status).toBe(404);
      const again = await t.call('DELETE', `/events/admin/${id}`, undefined, t.adminToken);
      expect(again.status).toBe(404);
      expect(again.body.message).toBe('event is not found');
    });
  });

  describe('fixes and operations', () => {
    it('answers malformed JSON and wrong JSON types with 400 and a JSON message', async () => {
      const malformed = await t.call('POST', '/events/admin', '{"name": ', t.adminToken);
      expect(malformed.status).toBe(400);
      expect(malformed.body).toMatchObject({
        statusCode: 400,
        message: 'Body is invalid',
        details: { reason: 'malformed JSON' },
      });
      const update = await t.call('PUT', '/events/admin/1', '{"price": 1', t.adminToken);
      expect(update.status).toBe(400);
      expect(update.body.message).toBe('Body is invalid');
      const empty = await t.call('POST', '/events/admin', '', t.adminToken); // sent as application/json
      expect(empty.status).toBe(400);
      expect(empty.body).toMatchObject({ message: 'Body is invalid', details: { reason: 'empty body' } });
      const wrongType = await t.call('POST', '/events/admin', eventBody({ price: '10' }), t.adminToken);
      expect(wrongType.status).toBe(400);
      expect(wrongType.body.message).toBe('Body is invalid: the price field must be a number');
      const array = await t.call('POST', '/events/admin', [], t.adminToken);
      expect(array.status).toBe(400);
    });

    it('answers unknown routes with a JSON 404', async () => {
      const res = await t.call('GET', '/nowhere', undefined, t.userToken);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ statusCode: 404, path: '/nowhere' });
    });

    it('keeps /healthcheck as an alias of /health', async () => {
      const health = await t.call('GET', '/health');
      const alias = await t.call('GET', '/healthcheck');
      expect(alias.status).toBe(200);
      expect(alias.body).toMatchObject({
        status: 'ok',
        info: { database: { status: 'up' }, kafka: { status: 'up' } },
      });
      expect(Object.keys(alias.body)).toEqual(Object.keys(health.body));
      expect((await fetch(`${t.app.url}/healthcheck`, { method: 'HEAD' })).status).toBe(200);
    });

    it('documents every route in Swagger', async () => {
      const doc = await t.call<{
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      }>('GET', '/api-json');
      expect(Object.keys(doc.body.paths)).toEqual(
        expect.arrayContaining([
          '/events',
          '/events/{eventId}',
          '/events/admin',
          '/events/admin/{eventId}',
          '/internal/events/{eventId}/holds',
          '/internal/holds/{paymentId}/confirm',
          '/internal/holds/{paymentId}/release',
          '/events/admin/{eventId}/ticket-types',
          '/events/admin/{eventId}/ticket-types/{typeId}',
          '/events/admin/{eventId}/cancel',
          '/events/admin/{eventId}/sales',
          '/healthcheck',
        ]),
      );
      expect(Object.keys(doc.body.paths['/events/admin']!.post!.responses)).toEqual(
        expect.arrayContaining(['201', '400', '401', '403']),
      );
    });
  });
});
