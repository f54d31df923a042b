import { getConnectionToken } from '@nestjs/mongoose';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { Connection } from 'mongoose';
import { foreignPrivateKey, type RunningApp, signToken, startApp, uniqueName } from '@event-tickets/testing';
import { usersService } from '../../src/users.service-definition';

interface Res {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

describe('users API (Mongo-wire server)', () => {
  let app: RunningApp;
  const adminEmail = `${uniqueName('admin')}@example.com`;
  const adminPassword = 'admin-password-1';

  const call = async (method: string, path: string, body?: unknown, token?: string): Promise<Res> => {
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : {}, headers: res.headers };
  };
  const register = (email: string, password = 'password-123', role?: string, token?: string) =>
    call('POST', '/users', { email, password, ...(role ? { role } : {}) }, token);
  const login = (email: string, password = 'password-123') =>
    call('POST', '/users/token', { email, password });

  beforeAll(async () => {
    app = await startApp(usersService, {
      MONGODB_DB: uniqueName('users'),
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
      JWT_EXPIRES_IN: '3600',
      LOGIN_RATE_LIMIT_PER_CLIENT: '1000',
      LOGIN_RATE_LIMIT_PER_EMAIL: '1000',
      // This file registers some 40 accounts from one address; the limit itself is tested in users-limits.
      REGISTRATION_RATE_LIMIT_PER_CLIENT: '1000',
    });
  });

  afterAll(async () => {
    await app?.app.get<Connection>(getConnectionToken()).dropDatabase();
    await app?.close();
  });

  describe('POST /users', () => {
    it('registers a PUBLIC account: 201 {id, email, role}', async () => {
      const email = `${uniqueName('ana')}@example.com`;
      const res = await register(`  ${email}  `);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{24}$/), email, role: 'PUBLIC' });
      expect(JSON.stringify(res.body)).not.toContain('password');
    });

    it('answers 400 with the field messages', async () => {
      const res = await call('POST', '/users', { email: 'not-an-email', password: 'short', role: 'ROOT' });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('email must be an email');
      expect(res.body.message).toContain('password must be longer than or equal to 8 characters');
      expect(res.body.message).toContain('role must be one of the following values: ADMIN, STAFF, PUBLIC');
      expect(res.body).toMatchObject({ statusCode: 400, path: '/users', timestamp: expect.any(String) });
    });

    it('answers 400 (not 500) to malformed JSON and a wrong content type', async () => {
      const bad = await call('POST', '/users', '{"email": ');
      expect(bad.status).toBe(400);
      expect(bad.body.message).toEqual(expect.any(String));
      const res = await fetch(`${app.url}/users`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'hello',
      });
      expect(res.status).toBe(415);
    });

    it('refuses self-registration as ADMIN (403), lets an admin create one', async () => {
      const email = `${uniqueName('wannabe')}@example.com`;
      expect((await register(email, 'password-123', 'ADMIN')).status).toBe(403);
      const adminToken = (await login(adminEmail, adminPassword)).body.token as string;
      const created = await register(email, 'password-123', 'ADMIN', adminToken);
      expect(created.status).toBe(201);
      expect(created.body.role).toBe('ADMIN');
    });

    it('treats emails case-insensitively: a duplicate is 409 with the original message', async () => {
      const email = `${uniqueName('dup')}@example.com`;
      expect((await register(email)).status).toBe(201);
      const res = await register(email.toUpperCase());
      expect(res.status).toBe(409);
      expect(res.body.message).toBe(`User email ${email.toUpperCase()} already exists`);
      expect((await login(email.toUpperCase())).status).toBe(201);
    });

    it('20 parallel registrations of one email: one 201 and 19 × 409', async () => {
      const email = `${uniqueName('race')}@example.com`;
      const results = await Promise.all(Array.from({ length: 20 }, () => register(email)));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    });
  });

  describe('POST /users/token', () => {
    it('issues a token with the original claims whose exp agrees with expiresIn (seconds)', async () => {
      const email = `${uniqueName('login')}@example.com`;
      const id = (await register(email)).body.id;
      const res = await login(email);
      expect(res.status).toBe(201);
      expect(res.body.expiresIn).toBe(3600);
      const claims = decodeJwt(res.body.token as string);
      // The original's claims, plus iss and aud (issue 18: every verifier checks them).
      expect(Object.keys(claims).sort()).toEqual(['aud', 'email', 'exp', 'iat', 'id', 'iss', 'role']);
      expect(claims).toMatchObject({
        id,
        email,
        role: 'PUBLIC',
        iss: 'event-tickets-users',
        aud: 'event-tickets',
      });
      expect(claims.exp! - claims.iat!).toBe(3600);
      expect(decodeProtectedHeader(res.body.token as string)).toMatchObject({
        alg: 'RS256',
        kid: expect.any(String),
      });
    });

    it('gives an unknown email and a wrong password the same 401', async () => {
      const email = `${uniqueName('known')}@example.com`;
      await register(email);
      const wrong = await login(email, 'wrong-password');
      const unknown = await login(`${uniqueName('nobody')}@example.com`);
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body.message).toBe('invalid email or password');
      expect(unknown.body.message).toBe(wrong.body.message);
    });

    it('serves the verifying key as a JWKS', async () => {
      const token = (await login(adminEmail, adminPassword)).body.token as string;
      const jwks = await call('GET', '/.well-known/jwks.json');
      expect(jwks.status).toBe(200);
      const keys = jwks.body.keys as { kid: string; kty: string; d?: string }[];
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatchObject({ kty: 'RSA', kid: decodeProtectedHeader(token).kid });
      expect(keys[0]!.d).toBeUndefined();
    });
  });

  describe('GET /users/me and DELETE /users/:id', () => {
    it('returns the caller, 401 without a token, with a foreign key or an expired token', async () => {
      const email = `${uniqueName('me')}@example.com`;
      const id = (await register(email)).body.id as string;
      const token = (await login(email)).body.token as string;
      expect((await call('GET', '/users/me', undefined, token)).body).toEqual({ id, email, role: 'PUBLIC' });

      const none = await call('GET', '/users/me');
      expect(none.status).toBe(401);
      expect(none.body.message).toBe('no token found');
      const forged = await signToken({ id, email, role: 'ADMIN' }, { privateKeyPem: foreignPrivateKey() });
      expect((await call('GET', '/users/me', undefined, forged)).status).toBe(401);
      const expired = await signToken(
        { id, email, role: 'PUBLIC' },
        { issuedAt: Math.floor(Date.now() / 1000) - 7200, expiresInSeconds: 3600 },
      );
      const res = await call('GET', '/users/me', undefined, expired);
      expect(res.status).toBe(401);
      expect(res.body.message).toBe('token is expired');
      expect((await call('GET', '/users/me', undefined, 'not.a.jwt')).status).toBe(401);
    });

    it('lets the owner or an admin delete: 204, 403 for others, 404 unknown, 400 malformed', async () => {
      const [a, b] = [`${uniqueName('owner')}@example.com`, `${uniqueName('other')}@example.com`];
      const idA = (await register(a)).body.id as string;
      const idB = (await register(b)).body.id as string;
      const tokenA = (await login(a)).body.token as string;
      const admin = (await login(adminEmail, adminPassword)).body.token as string;

      expect((await call('DELETE', `/users/${idB}`, undefined, tokenA)).status).toBe(403);
      expect((await call('DELETE', `/users/${idA}`)).status).toBe(401);
      expect((await call('DELETE', '/users/not-an-id', undefined, admin)).status).toBe(400);
      expect((await call('DELETE', `/users/${idA}`, undefined, tokenA)).status).toBe(204);
      const gone = await call('DELETE', `/users/${idA}`, undefined, admin);
      expect(gone.status).toBe(404);
      expect(gone.body.message).toBe(`User with identifier "${idA}" not found`);
      expect((await call('DELETE', `/users/${idB}`, undefined, admin)).status).toBe(204);
    });
  });

  it('answers a trailing slash like the original (POST /users/)', async () => {
    const res = await call('POST', '/users/', {
      email: `${uniqueName('slash')}@example.com`,
      password: 'password-123',
    });
    expect(res.status).toBe(201);
  });

  it('reports MongoDB in GET /health', async () => {
    const res = await call('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { mongodb: { status: 'up' } } });
  });
});
