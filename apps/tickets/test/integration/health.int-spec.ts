import {
  eventually,
  freePort,
  type SmtpProxy,
  smtpProxy,
  STACK_DEFAULTS,
  tcpProxy,
  type TcpProxy,
} from '@event-tickets/testing';
import { startTicketsApp, type TicketsTestApp } from '../support/tickets-app';

interface Report {
  status: string;
  info: Record<string, { status: string }>;
  error: Record<string, { status: string; message?: string }>;
  details: Record<string, { status: string; message?: string }>;
}

const mongoPort = Number(new URL(process.env.MONGODB_URL ?? STACK_DEFAULTS.MONGODB_URL!).port || 27017);

describe('tickets health: cheap, cached, discreet (live vs ready)', () => {
  describe('SMTP and MongoDB through proxies that count and cut', () => {
    let smtp: SmtpProxy;
    let mongo: TcpProxy;
    let t: TicketsTestApp;

    beforeAll(async () => {
      smtp = await smtpProxy();
      mongo = await tcpProxy(mongoPort);
      t = await startTicketsApp({
        MAIL_PORT: String(smtp.port),
        MONGODB_URL: `mongodb://127.0.0.1:${mongo.port}/?directConnection=true`,
      });
    });
    afterAll(async () => {
      mongo?.up();
      await t?.close();
      await smtp?.close();
      await mongo?.close();
    });

    it('200 calls to /health and /health/ready over 6 s open one SMTP session, all green', async () => {
      const before = smtp.sessions;
      const statuses: number[] = [];
      for (let round = 0; round < 10; round++) {
        const answers = await Promise.all(
          Array.from({ length: 20 }, (_, i) => t.call<Report>('GET', i % 2 ? '/health' : '/health/ready')),
        );
        statuses.push(...answers.map((a) => a.status));
        expect(answers[0]!.body.details).toMatchObject({
          mongodb: { status: 'up' },
          kafka: { status: 'up' },
          smtp: { status: 'up' },
        });
        await new Promise((r) => setTimeout(r, 600));
      }
      expect(statuses).toEqual(statuses.map(() => 200));
      expect(smtp.sessions - before).toBe(1);
    });

    it('/health/live answers 200 at once while MongoDB is unreachable; readiness says 503 without addresses', async () => {
      mongo.down();
      try {
        const ready = await eventually(
          () => t.call<Report>('GET', '/health/ready'),
          (r) => r.status === 503,
          { timeoutMs: 20_000 },
        );
        expect(ready.body.error.mongodb).toEqual({
          status: 'down',
          message: expect.stringMatching(/^(unreachable|timed out)$/),
        });
        expect(JSON.stringify(ready.body)).not.toContain(String(mongo.port));
        expect(JSON.stringify(ready.body)).not.toContain('127.0.0.1');
        const started = performance.now();
        const live = await t.call('GET', '/health/live');
        expect(live).toMatchObject({ status: 200, body: { status: 'ok' } });
        expect(performance.now() - started).toBeLessThan(500);
      } finally {
        mongo.up();
      }
    }, 60_000);
  });

  describe('SMTP server unreachable (a closed port)', () => {
    let t: TicketsTestApp;
    let closedPort: number;

    beforeAll(async () => {
      closedPort = await freePort();
      t = await startTicketsApp({ MAIL_PORT: String(closedPort) });
    });
    afterAll(() => t?.close());

    it('/health/ready and /health answer 503, smtp down and unreachable, no host:port in the body', async () => {
      const ready = await t.call<Report>('GET', '/health/ready');
      const health = await t.call<Report>('GET', '/health');
      expect(ready.status).toBe(503);
      expect(health).toMatchObject({ status: 503, body: ready.body });
      expect(ready.body).toMatchObject({
        status: 'error',
        error: { smtp: { status: 'down', message: 'unreachable' } },
        info: { mongodb: { status: 'up' }, kafka: { status: 'up' } },
      });
      const text = JSON.stringify(ready.body);
      expect(text).not.toContain(String(closedPort));
      expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
      expect((await t.call('GET', '/health/live')).status).toBe(200);
    });

    it('documents /health, /health/ready and /health/live in OpenAPI', async () => {
      const doc = await t.call<{ paths: Record<string, unknown> }>('GET', '/api-json');
      expect(Object.keys(doc.body.paths)).toEqual(
        expect.arrayContaining(['/health', '/health/ready', '/health/live']),
      );
    });
  });
});
