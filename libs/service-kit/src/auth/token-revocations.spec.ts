import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { metricsRegistry } from '@event-tickets/telemetry';
import { AppConfig } from '../config/app-config';
import { ConfigError } from '../config/parse-env';
import type { AuthEnv } from './auth.env';
import { type Revocation, RevocationSource, TokenRevocations } from './token-revocations';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SERVICE_TOKEN = 'a-service-token-of-32-characters';

const config = (over: Partial<AuthEnv & { NODE_ENV: string }> = {}) =>
  new AppConfig<AuthEnv & { NODE_ENV?: string }>('spec', {
    JWT_ISSUER: 'event-tickets-users',
    JWT_AUDIENCE: 'event-tickets',
    TOKEN_REVOCATIONS_POLL_MS: 50,
    ...over,
  });

async function failures(): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric('worker_cycle_failures_total')!.get();
  return metric.values.find((v) => v.labels.worker === 'token-revocations')?.value ?? 0;
}

describe(TokenRevocations.name, () => {
  // The failing polls below log a warning each; the spec checks the counter instead.
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose', 'fatal']));

  it('polls its source and keeps the last list while the source is down, counting the failures', async () => {
    const revocations: Revocation[] = [{ userId: 'u1', notBefore: 100 }];
    let down = false;
    const source = {
      list: jest.fn(async () => {
        if (down) throw new Error('users is unreachable');
        return revocations;
      }),
    };
    const list = new TokenRevocations(config(), source as unknown as RevocationSource);
    list.onApplicationBootstrap();
    try {
      await tick(20);
      expect(list.isRevoked('u1', 99)).toBe(true);
      expect(list.isRevoked('u1', 100)).toBe(false);
      expect(list.isRevoked('u2', 1)).toBe(false);

      const failed = await failures();
      down = true;
      revocations.push({ userId: 'u2', notBefore: 100 });
      await tick(200);
      expect(await failures()).toBeGreaterThan(failed);
      expect(list.isRevoked('u1', 99)).toBe(true); // the last list is kept
      expect(list.isRevoked('u2', 99)).toBe(false);

      down = false;
      await tick(200);
      expect(list.isRevoked('u2', 99)).toBe(true);
      expect(source.list.mock.calls.length).toBeGreaterThan(3);
    } finally {
      await list.onApplicationShutdown();
    }
  });

  it('a revocation added locally applies at once and never lowers a not-before', () => {
    const list = new TokenRevocations(config());
    list.add({ userId: 'u1', notBefore: 200 });
    list.add({ userId: 'u1', notBefore: 150 });
    expect(list.isRevoked('u1', 199)).toBe(true);
    expect(list.isRevoked('u1', 200)).toBe(false);
    expect(list.isRevoked('u1', undefined)).toBe(true);
  });

  it('without TOKEN_REVOCATIONS_URL revokes nothing, and says so at start in production', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      new TokenRevocations(config({ NODE_ENV: 'development' })).onApplicationBootstrap();
      expect(warn).not.toHaveBeenCalled();
      new TokenRevocations(config({ NODE_ENV: 'production' })).onApplicationBootstrap();
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('TOKEN_REVOCATIONS_URL is not set'));
    } finally {
      warn.mockRestore();
    }
  });

  it('refuses TOKEN_REVOCATIONS_URL without the service token it must present', () => {
    expect(
      () =>
        new TokenRevocations(config({ TOKEN_REVOCATIONS_URL: 'http://127.0.0.1:1/internal/revocations' })),
    ).toThrow(ConfigError);
  });

  describe('over HTTP (TOKEN_REVOCATIONS_URL)', () => {
    let server: Server;
    let url: string;
    let answer: { status: number; body: unknown } = { status: 200, body: { revocations: [] } };
    const seen: IncomingHttpHeaders[] = [];

    beforeAll(async () => {
      server = createServer((req, res) => {
        seen.push(req.headers);
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/internal/revocations`;
    });
    afterAll(() => new Promise((r) => server.close(r)));

    it('fetches with the service token; a bad answer keeps the last list', async () => {
      const list = new TokenRevocations(
        config({ TOKEN_REVOCATIONS_URL: url, INTERNAL_API_TOKEN: SERVICE_TOKEN }),
      );
      answer = { status: 200, body: { revocations: [{ userId: 'u1', notBefore: 100 }] } };
      list.onApplicationBootstrap();
      try {
        await tick(100);
        expect(seen.at(-1)!.authorization).toBe(`Bearer ${SERVICE_TOKEN}`);
        expect(list.isRevoked('u1', 50)).toBe(true);
        for (const bad of [
          { status: 403, body: { message: 'internal route: service token required' } },
          { status: 200, body: { revocations: [{ user: 'u1' }] } },
        ]) {
          answer = bad;
          await tick(150);
          expect(list.isRevoked('u1', 50)).toBe(true);
        }
        answer = { status: 200, body: { revocations: [] } };
        await tick(400);
        expect(list.isRevoked('u1', 50)).toBe(false);
      } finally {
        await list.onApplicationShutdown();
      }
    });
  });
});
