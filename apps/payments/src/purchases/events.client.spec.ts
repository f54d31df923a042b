import type { AppConfig } from '@event-tickets/service-kit';
import { isEventId } from '../common/event-id';
import type { PaymentsEnv } from '../config/payments.env';
import { EventsClient, pathSegment } from './events.client';

const config = {
  env: { EVENTS_URL: 'http://events.test/', INTERNAL_API_TOKEN: 'service', EVENTS_TIMEOUT_MS: 1000 },
} as AppConfig<PaymentsEnv>;

const NOT_IDS = [
  '',
  '.',
  '..',
  '%2e%2e',
  '../../health',
  '1/holds',
  '1%2F..',
  '-1',
  '+1',
  '1.5',
  ' 1',
  '1e3',
];

describe('event ids and URL path segments', () => {
  it('takes digits only as an event id', () => {
    for (const id of ['1', '42', '0042', '2147483648']) expect(isEventId(id)).toBe(true);
    for (const id of NOT_IDS) expect(isEventId(id)).toBe(false);
  });

  it('refuses the segments a URL parser would resolve, and encodes the rest', () => {
    for (const raw of ['', '.', '..']) expect(() => pathSegment(raw)).toThrow('not a path segment');
    expect(pathSegment('a/../b')).toBe('a%2F..%2Fb');
    expect(pathSegment('%2e%2e')).toBe('%252e%252e');
    expect(pathSegment('...')).toBe('...');
  });
});

describe(EventsClient.name, () => {
  const calls: string[] = [];
  let realFetch: typeof fetch;

  beforeEach(() => {
    calls.length = 0;
    realFetch = global.fetch;
    global.fetch = jest.fn((url: string | URL | Request) => {
      calls.push(String(url));
      return Promise.resolve(new Response(JSON.stringify({ code: 'EVENT_NOT_FOUND' }), { status: 404 }));
    }) as typeof fetch;
  });

  afterEach(() => {
    global.fetch = realFetch;
  });

  it('never asks events for a hold on something that is not an event id', async () => {
    const client = new EventsClient(config);
    for (const id of NOT_IDS)
      await expect(client.hold(id, 'p-1', 60)).rejects.toMatchObject({ code: 'EVENT_NOT_FOUND' });
    expect(calls).toEqual([]);
  });

  it("puts an event id into events' hold path", async () => {
    await expect(new EventsClient(config).hold('42', 'p-1', 60)).rejects.toMatchObject({
      code: 'EVENT_NOT_FOUND',
    });
    expect(calls).toEqual(['http://events.test/internal/events/42/holds']);
  });

  it('keeps a payment id inside its own path segment', async () => {
    const client = new EventsClient(config);
    await client.extend('a/b');
    await client.release('a/b', '42');
    expect(calls).toEqual([
      'http://events.test/internal/holds/a%2Fb/extend',
      'http://events.test/internal/holds/a%2Fb/release',
    ]);
    await expect(client.extend('..')).rejects.toThrow('not a path segment');
  });
});

describe('EventsClient.hold: orders', () => {
  let realFetch: typeof fetch;
  let sent: unknown[];
  let answer: { status: number; body: unknown };
  const held = (overrides: Record<string, unknown> = {}) => ({
    payment_id: 'p-1',
    event_id: 42,
    status: 'HELD',
    expires_at: '2030-01-01T00:00:00.000Z',
    quantity: 3,
    ticket_type: { id: 7, name: 'VIP' },
    event: { name: 'Show', price: '150.50', currency: 'BRL', event_date: null, refund_cutoff_hours: 24 },
    ...overrides,
  });

  beforeEach(() => {
    sent = [];
    realFetch = global.fetch;
    global.fetch = jest.fn((_url: string | URL | Request, init?: RequestInit) => {
      sent.push(JSON.parse(String(init?.body)));
      return Promise.resolve(new Response(JSON.stringify(answer.body), { status: answer.status }));
    }) as typeof fetch;
  });

  afterEach(() => {
    global.fetch = realFetch;
  });

  it("sends today's body without order fields, and the order's fields when given", async () => {
    const client = new EventsClient(config);
    answer = { status: 201, body: held({ quantity: 1 }) };
    await client.hold('42', 'p-1', 60);
    answer = { status: 201, body: held() };
    const hold = await client.hold('42', 'p-1', 60, { quantity: 3, ticketTypeId: '7' });
    expect(sent).toEqual([
      { payment_id: 'p-1', ttl_seconds: 60 },
      { payment_id: 'p-1', ttl_seconds: 60, quantity: 3, ticket_type_id: 7 },
    ]);
    expect(hold).toMatchObject({ quantity: 3, ticket_type: { id: '7', name: 'VIP' } });
    expect(hold.event).toMatchObject({ price: 150.5, refund_cutoff_hours: 24 });
  });

  it('an answer holding other seats than asked is not the contract (503, released by the caller)', async () => {
    const client = new EventsClient(config);
    answer = { status: 201, body: held({ quantity: 1 }) };
    await expect(client.hold('42', 'p-1', 60, { quantity: 3 })).rejects.toMatchObject({
      code: 'EVENTS_UNAVAILABLE',
    });
    answer = { status: 201, body: held({ ticket_type: { id: 8, name: 'Floor' } }) };
    await expect(client.hold('42', 'p-1', 60, { quantity: 3, ticketTypeId: '7' })).rejects.toMatchObject({
      code: 'EVENTS_UNAVAILABLE',
    });
    // An events without ticket types answers one seat: fine for a purchase of one.
    answer = { status: 201, body: held({ quantity: undefined, ticket_type: undefined }) };
    expect((await client.hold('42', 'p-1', 60)).quantity).toBe(1);
  });

  it("maps events' refusals, and never asks for a type id events cannot have", async () => {
    const client = new EventsClient(config);
    answer = { status: 409, body: { code: 'SOLD_OUT', details: { available: 2 } } };
    await expect(client.hold('42', 'p-1', 60, { quantity: 3 })).rejects.toMatchObject({
      code: 'SOLD_OUT',
      status: 409,
      details: { available: 2 },
    });
    answer = { status: 400, body: { code: 'QUANTITY_ABOVE_LIMIT', details: { max_tickets_per_order: 10 } } };
    await expect(client.hold('42', 'p-1', 60, { quantity: 11 })).rejects.toMatchObject({
      code: 'QUANTITY_ABOVE_LIMIT',
      status: 400,
      details: { max_tickets_per_order: 10 },
    });
    sent = [];
    await expect(client.hold('42', 'p-1', 60, { ticketTypeId: '2147483648' })).rejects.toMatchObject({
      code: 'TICKET_TYPE_NOT_FOUND',
      status: 404,
    });
    expect(sent).toEqual([]);
  });
});
