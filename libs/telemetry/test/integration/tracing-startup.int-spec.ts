import { randomBytes } from 'node:crypto';
import { eventually, freePort, uniqueName } from '@event-tickets/testing';
import { type AppProcess, startAppProcess } from './support/one-app';
import { OtlpReceiver } from './support/otlp-receiver';

const SERVER = 2;
const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const mongoDb = () => uniqueName('otel_users').toLowerCase();

/** The users app started through main.ts, so `@event-tickets/telemetry/register` runs first. */
describe('tracing start-up (@event-tickets/telemetry/register)', () => {
  describe('with an OTLP endpoint', () => {
    const receiver = new OtlpReceiver();
    let users: AppProcess;

    beforeAll(async () => {
      const endpoint = await receiver.start();
      users = await startAppProcess('users', {
        MONGODB_DB: mongoDb(),
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '200',
      });
    }, 120_000);

    afterAll(async () => {
      await users?.stop();
      await receiver.stop();
    });

    it('exports an HTTP server span named by route template, with Nest and mongoose spans under it', async () => {
      const traceId = hex(16);
      const parent = hex(8);
      const res = await fetch(`${users.url}/users/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-${parent}-01` },
        body: JSON.stringify({ email: `${uniqueName('nobody')}@example.com`, password: 'not-the-password' }),
      });
      expect(res.status).toBe(401);

      const spans = await eventually(
        async () => receiver.trace(traceId),
        (s) => s.some((x) => x.scope.includes('mongoose')) && s.some((x) => x.kind === SERVER),
      );
      const server = spans.find((s) => s.kind === SERVER)!;
      expect(server).toMatchObject({
        service: 'users',
        name: 'POST /users/token',
        parentSpanId: parent,
        attributes: expect.objectContaining({
          'http.route': '/users/token',
          'http.response.status_code': 401,
        }),
      });
      expect(spans.every((s) => s.service === 'users')).toBe(true);
      const handler = spans.find(
        (s) => s.scope.includes('nestjs') && s.attributes['http.route'] === '/users/token',
      );
      expect(handler).toBeDefined();
      const query = spans.find((s) => s.scope.includes('mongoose'))!;
      expect(query.attributes['db.system.name'] ?? query.attributes['db.system']).toBe('mongodb');
      // No query text: statements with passwords or emails never leave the process.
      expect(JSON.stringify(spans)).not.toContain('not-the-password');
    });

    it('puts the trace id in error bodies and log lines', async () => {
      const traceId = hex(16);
      const res = await fetch(`${users.url}/users/${'0'.repeat(24)}`, {
        method: 'DELETE',
        headers: { traceparent: `00-${traceId}-${hex(8)}-01` },
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { traceId?: string }).traceId).toBe(traceId);
      await eventually(
        async () => receiver.trace(traceId),
        (s) => s.some((x) => x.kind === SERVER && x.name === 'DELETE /users/:id'),
      );
      const logged = users
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(logged.length).toBeGreaterThan(0);
      expect(logged.every((l) => l.service === 'users')).toBe(true);
      // Log lines carry the ids of spans that were exported (Nest's start-up ran in a traced span).
      const traced = logged.filter((l) => typeof l.trace_id === 'string' && typeof l.span_id === 'string');
      expect(
        traced.some((l) => receiver.spans.some((s) => s.traceId === l.trace_id && s.spanId === l.span_id)),
      ).toBe(true);
    });

    it('does not trace health checks and metrics scrapes', async () => {
      const before = receiver.spans.length;
      for (let i = 0; i < 5; i += 1) {
        expect((await fetch(`${users.url}/health`)).status).toBe(200);
        expect((await fetch(`${users.url}/metrics`)).status).toBe(200);
      }
      const marker = hex(16);
      await fetch(`${users.url}/users/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', traceparent: `00-${marker}-${hex(8)}-01` },
        body: '{}',
      });
      await eventually(
        async () => receiver.trace(marker),
        (s) => s.length > 0,
      );
      const later = receiver.spans.slice(before);
      expect(later.filter((s) => /health|metrics/.test(String(s.attributes['url.path'] ?? s.name)))).toEqual(
        [],
      );
    });

    it('flushes and stops promptly on SIGTERM', async () => {
      expect(await users.stop()).toBeLessThan(15_000);
    });
  });

  it('is off when no endpoint is set (no overhead), and OTEL_TRACES_ENABLED=true gives ids without export', async () => {
    const off = await startAppProcess('users', { MONGODB_DB: mongoDb() });
    try {
      const res = await fetch(`${off.url}/users/${'0'.repeat(24)}`, { method: 'DELETE' });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { traceId?: string }).traceId).toBeUndefined();
    } finally {
      await off.stop();
    }
    const ids = await startAppProcess('users', { MONGODB_DB: mongoDb(), OTEL_TRACES_ENABLED: 'true' });
    try {
      const res = await fetch(`${ids.url}/users/${'0'.repeat(24)}`, { method: 'DELETE' });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { traceId?: string }).traceId).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      await ids.stop();
    }
  }, 120_000);

  it('never waits for a collector that does not answer', async () => {
    const users = await startAppProcess('users', {
      MONGODB_DB: mongoDb(),
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    try {
      const started = Date.now();
      for (let i = 0; i < 20; i += 1) {
        const res = await fetch(`${users.url}/users/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        expect(res.status).toBe(400);
      }
      expect(Date.now() - started).toBeLessThan(10_000);
      expect((await fetch(`${users.url}/health`)).status).toBe(200);
      expect(await users.stop()).toBeLessThan(15_000);
    } finally {
      await users.stop();
    }
  }, 120_000);

  it('is off with OTEL_SDK_DISABLED=true, even with an endpoint', async () => {
    const users = await startAppProcess('users', {
      MONGODB_DB: mongoDb(),
      OTEL_SDK_DISABLED: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
    });
    try {
      const res = await fetch(`${users.url}/users/${'0'.repeat(24)}`, {
        method: 'DELETE',
        headers: { traceparent: `00-${hex(16)}-${hex(8)}-01` },
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { traceId?: string }).traceId).toBeUndefined();
    } finally {
      await users.stop();
    }
  }, 120_000);
});
