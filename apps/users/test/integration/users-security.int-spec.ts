import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { type RunningApp, startApp, uniqueName } from '@event-tickets/testing';
import { usersService } from '../../src/users.service-definition';

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('users: token expiry, rate limits and a login storm (Mongo-wire server)', () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp(usersService, {
      MONGODB_DB: uniqueName('users_sec'),
      // Long enough that a check one second after login is inside the lifetime however the second of
      // `iat` was rounded down, and under a loaded CI machine.
      JWT_EXPIRES_IN: '4',
      LOGIN_RATE_LIMIT_PER_CLIENT: '60',
      LOGIN_RATE_LIMIT_PER_EMAIL: '5',
      LOGIN_RATE_WINDOW_SECONDS: '60',
    });
  });

  afterAll(async () => {
    await app?.app.get<Connection>(getConnectionToken()).dropDatabase();
    await app?.close();
  });

  it('a token lives exactly JWT_EXPIRES_IN seconds: valid before, 401 "token is expired" after', async () => {
    const email = `${uniqueName('exp')}@example.com`;
    await fetch(`${app.url}/users`, json({ email, password: 'password-123' }));
    const { token, expiresIn } = (await (
      await fetch(`${app.url}/users/token`, json({ email, password: 'password-123' }))
    ).json()) as {
      token: string;
      expiresIn: number;
    };
    expect(expiresIn).toBe(4);
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      iat: number;
      exp: number;
    };
    expect(claims.exp - claims.iat).toBe(4);
    const me = () => fetch(`${app.url}/users/me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await me()).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await me()).status).toBe(200);
    // Just past `exp`: expired.
    await new Promise((r) => setTimeout(r, Math.max(0, claims.exp * 1000 + 100 - Date.now())));
    const expired = await me();
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { message: string }).message).toBe('token is expired');
  });

  it('limits logins per email: 429 with Retry-After', async () => {
    const email = `${uniqueName('limited')}@example.com`;
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 7; i += 1) {
      const res = await fetch(`${app.url}/users/token`, json({ email, password: 'password-123' }));
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
  });

  it('limits logins per client across emails', async () => {
    let limited = 0;
    for (let i = 0; i < 70 && !limited; i += 1) {
      const res = await fetch(
        `${app.url}/users/token`,
        json({ email: `${uniqueName('spray')}@example.com`, password: 'password-123' }),
      );
      if (res.status === 429) limited = i;
    }
    // Earlier tests of this file already spent some of this client's 60 attempts.
    expect(limited).toBeGreaterThan(0);
    expect(limited).toBeLessThanOrEqual(60);
  });
});

describe('users: a login storm leaves the event loop free', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(usersService, {
      MONGODB_DB: uniqueName('users_storm'),
      LOGIN_RATE_LIMIT_PER_CLIENT: '100000',
      LOGIN_RATE_LIMIT_PER_EMAIL: '100000',
    });
  });
  afterAll(async () => {
    await app?.app.get<Connection>(getConnectionToken()).dropDatabase();
    await app?.close();
  });

  it('answers GET /health quickly while 40 bcrypt-12 logins are in flight', async () => {
    const email = `${uniqueName('storm')}@example.com`;
    await fetch(`${app.url}/users`, json({ email, password: 'password-123' }));
    const started = Date.now();
    const storm = Promise.all(
      Array.from({ length: 40 }, () =>
        fetch(`${app.url}/users/token`, json({ email, password: 'password-123' })).then((r) => r.status),
      ),
    );
    const latencies: number[] = [];
    await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 10; i += 1) {
      const t = Date.now();
      expect((await fetch(`${app.url}/health`)).status).toBe(200);
      latencies.push(Date.now() - t);
    }
    const stormStatuses = await storm;
    const stormMs = Date.now() - started;
    expect(stormStatuses.every((s) => s === 201)).toBe(true);
    // 40 hashes at cost 12 keep both cores busy for seconds. With a synchronous bcrypt each health
    // check would wait for the hashes queued before it (about the whole storm); asynchronous, it only
    // competes for CPU with the hashing threads.
    expect(stormMs).toBeGreaterThan(2000);
    expect(Math.max(...latencies)).toBeLessThan(stormMs / 4);
  });
});
