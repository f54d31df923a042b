import { ConfigError, createServiceApp } from '@event-tickets/service-kit';
import { eventsService } from '../../src/events.service-definition';
import { createEvent, INTERNAL_TOKEN, startEventsApp, type EventsTestApp } from '../support/events-app';

/**
 * INTERNAL_PORT: the service-to-service API and the metrics are served on a second port only (a
 * deployment does not publish it), the public port answers for them as for any unknown route.
 */
describe('events with INTERNAL_PORT: /internal/* and /metrics on the internal port only', () => {
  let t: EventsTestApp;
  let internalUrl: string;
  const get = (base: string, path: string, token?: string) =>
    fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const hold = (base: string, path: string, paymentId: string) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${INTERNAL_TOKEN}` },
      body: JSON.stringify({ payment_id: paymentId }),
    });

  beforeAll(async () => {
    t = await startEventsApp({ INTERNAL_PORT: '0' });
    internalUrl = t.app.internalUrl!;
  });
  afterAll(() => t?.close());

  it('listens on two ports', () => {
    expect(internalUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(internalUrl).not.toBe(t.app.url);
  });

  it('the public port answers 404 for /metrics and the internal API, as for an unknown route', async () => {
    const id = await createEvent(t, { capacity: 3 });
    const unknown = await get(t.app.url, '/no-such-route');
    expect(unknown.status).toBe(404);
    const notFound = (await unknown.json()) as Record<string, unknown>;
    for (const path of ['/metrics', '/metrics/', '/metrics?name=x']) {
      const res = await get(t.app.url, path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      const body = (await res.json()) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(Object.keys(notFound).sort());
      expect(body).toMatchObject({ statusCode: 404, error: notFound.error });
    }
    // Encoded or trailing-slash spellings reach the same routes, and are refused the same way.
    for (const path of [
      `/internal/events/${id}/holds`,
      `/%69nternal/events/${id}/holds`,
      `/internal/events/${id}/holds/`,
    ]) {
      const res = await hold(t.app.url, path, `public-${path.length}`);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
    const event = await t.call<{ available: number }>('GET', `/events/${id}`, undefined, t.userToken);
    expect(event.body.available).toBe(3); // nothing was held through the public port
  });

  it('the internal port serves them', async () => {
    const id = await createEvent(t, { capacity: 3 });
    const metrics = await get(internalUrl, '/metrics');
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('# TYPE ');
    const res = await hold(internalUrl, `/internal/events/${id}/holds`, 'internal-port-hold');
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      payment_id: 'internal-port-hold',
      event_id: id,
      status: 'HELD',
    });
    // The service token is still required there.
    const anonymous = await fetch(`${internalUrl}/internal/events/${id}/holds`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ payment_id: 'no-token' }),
    });
    expect(anonymous.status).toBe(403);
  });

  it('keeps the public API and health on the public port; the internal port serves nothing else but health', async () => {
    expect((await get(t.app.url, '/events', t.userToken)).status).toBe(200);
    expect((await get(t.app.url, '/health/live')).status).toBe(200);
    expect((await get(t.app.url, '/health')).status).toBe(200);
    expect((await get(internalUrl, '/events', t.userToken)).status).toBe(404);
    expect((await get(internalUrl, '/api-json')).status).toBe(404);
    expect((await get(internalUrl, '/health/live')).status).toBe(200);
  });

  it('refuses an INTERNAL_PORT equal to PORT', async () => {
    await expect(createServiceApp(eventsService, { PORT: '3456', INTERNAL_PORT: '3456' })).rejects.toThrow(
      ConfigError,
    );
  });
});
