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
