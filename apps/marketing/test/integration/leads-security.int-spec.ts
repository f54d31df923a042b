import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { foreignPrivateKey, type RunningApp, signToken, startApp, uniqueName } from '@event-tickets/testing';
import { marketingService } from '../../src/marketing.service-definition';
import { adminToken, marketingHttp, publicToken } from '../support/marketing-http';

const env = () => ({
  MONGODB_DB: uniqueName('marketing_sec'),
  CLIENT_CREATED_TOPIC: uniqueName('CLIENT_CREATED_TOPIC'),
  KAFKA_GROUP_ID: uniqueName('marketing'),
});

describe('marketing: who may call what, and the POST /leads rate limit', () => {
  let app: RunningApp;
  const http = marketingHttp(() => app.url);
  const lead = () => ({ email: `${uniqueName('sec')}@example.com`, language: 'en', converted: false });

  beforeAll(async () => {
    app = await startApp(marketingService, { ...env(), LEADS_RATE_LIMIT_PER_CLIENT: '100000' });
  });

  afterAll(async () => {
    await app?.app.get<Connection>(getConnectionToken()).dropDatabase();
    await app?.close();
  });

  const known = `${uniqueName('known')}@example.com`;
  const adminRoutes: [string, string, number][] = [
    ['GET', '/leads', 200],
    ['GET', '/leads/stats', 200],
    ['GET', `/leads/${known}`, 200],
    ['DELETE', `/leads/${known}`, 204],
  ];

  it.each(adminRoutes)(
    '%s %s: 401 without a token, expired or forged; 403 for PUBLIC; %i for ADMIN',
    async (method, path, ok) => {
      await http.postLead({ email: known, language: 'en', converted: false });
      const none = await http.call(method, path);
      expect(none.status).toBe(401);
      expect(none.json().message).toBe('no token found');

      const iat = Math.floor(Date.now() / 1000) - 7200;
      const expired = await signToken(
        { id: 'a', email: 'a@x.com', role: 'ADMIN' },
        { issuedAt: iat, expiresInSeconds: 3600 },
      );
      const late = await http.call(method, path, { token: expired });
      expect(late.status).toBe(401);
      expect(late.json().message).toBe('token is expired');

      const forged = await signToken(
        { id: 'a', email: 'a@x.com', role: 'ADMIN' },
        { privateKeyPem: foreignPrivateKey() },
      );
      const fake = await http.call(method, path, { token: forged });
      expect(fake.status).toBe(401);
      expect(fake.json().message).toBe('token is unauthorized');

      const user = await http.call(method, path, { token: await publicToken() });
      expect(user.status).toBe(403);
      expect(user.json().message).toBe('Admin access required');

      expect((await http.call(method, path, { token: await adminToken() })).status).toBe(ok);
    },
  );

  it('POST /leads is public: no token, a PUBLIC token, even a bad token', async () => {
    expect((await http.postLead(lead())).status).toBe(201);
    const asUser = await http.call('POST', '/leads', { body: lead(), token: await publicToken() });
    expect(asUser.status).toBe(201);
    const withJunk = await http.call('POST', '/leads', { body: lead(), token: 'not-a-jwt' });
    expect(withJunk.status).toBe(201);
  });

  it('POST /leads with converted: true: 403 without an ADMIN token, nothing stored; 201 for an admin', async () => {
    const forged = await signToken(
      { id: 'a', email: 'a@x.com', role: 'ADMIN' },
      { privateKeyPem: foreignPrivateKey() },
    );
    for (const token of [undefined, 'not-a-jwt', forged, await publicToken()]) {
      const body = { ...lead(), converted: true };
      const res = await http.call('POST', '/leads', { body, token });
      expect(res.status).toBe(403);
      expect(res.json()).toMatchObject({
        code: 'CONVERTED_ADMIN_ONLY',
        message: 'only an admin may post a converted lead (converted: true)',
      });
      const stored = await http.call('GET', `/leads/${body.email}`, { token: await adminToken() });
      expect(stored.status).toBe(404);
    }
    const asAdmin = await http.call('POST', '/leads', {
      body: { ...lead(), converted: true },
      token: await adminToken(),
    });
    expect(asAdmin.status).toBe(201);
    expect(asAdmin.json<{ converted: boolean }>().converted).toBe(true);
  });

  describe('rate limit', () => {
    let limited: RunningApp;
    const limitedHttp = marketingHttp(() => limited.url);

    beforeAll(async () => {
      limited = await startApp(marketingService, {
        ...env(),
        LEADS_RATE_LIMIT_PER_CLIENT: '3',
        LEADS_RATE_WINDOW_SECONDS: '60',
      });
    });

    afterAll(async () => {
      await limited?.app.get<Connection>(getConnectionToken()).dropDatabase();
      await limited?.close();
    });

    it('answers 429 with Retry-After past the limit per client address, duplicates counted too', async () => {
      // A window boundary may fall inside the test: then the count starts again; retry in a fresh window.
      let statuses: number[] = [];
      let last: Awaited<ReturnType<typeof limitedHttp.postLead>> | undefined;
      for (let round = 0; round < 2; round += 1) {
        statuses = [];
        const first = lead();
        for (const body of [first, first, lead(), lead(), lead()]) {
          last = await limitedHttp.postLead(body, { 'x-forwarded-for': `10.0.0.${statuses.length}` });
          statuses.push(last.status);
        }
        if (statuses.filter((s) => s === 429).length === 2) break;
      }
      expect(statuses).toEqual([201, 409, 201, 429, 429]);
      expect(last!.json()).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS' });
      const retryAfter = Number(last!.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(await limitedHttp.metric('leads_rate_limited_total', {})).toBeGreaterThanOrEqual(2);
    });

    it('lets exactly the limit through, even all at once', async () => {
      // A long window, so the burst never straddles two windows.
      const burst = await startApp(marketingService, {
        ...env(),
        LEADS_RATE_LIMIT_PER_CLIENT: '5',
        LEADS_RATE_WINDOW_SECONDS: '86400',
      });
      try {
        const statuses = (
          await Promise.all(Array.from({ length: 30 }, () => marketingHttp(() => burst.url).postLead(lead())))
        ).map((r) => r.status);
        expect(statuses.every((s) => s === 201 || s === 429)).toBe(true);
        // Exactly the limit: never more, and a burst does not lock everyone out either.
        expect(statuses.filter((s) => s === 201)).toHaveLength(5);
      } finally {
        await burst.app.get<Connection>(getConnectionToken()).dropDatabase();
        await burst.close();
      }
    });

    it('checks the body before the limit (400, not 429) and never limits the admin routes', async () => {
      const bad = await limitedHttp.postLead({ email: 'nope', language: 'en', converted: false });
      expect(bad.status).toBe(400);
      expect((await limitedHttp.call('GET', '/leads', { token: await adminToken() })).status).toBe(200);
    });
  });
});
