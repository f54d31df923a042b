import { getConnectionToken } from '@nestjs/mongoose';
import { decodeJwt } from 'jose';
import type { Connection } from 'mongoose';
import { eventually, http, type RunningApp, signToken, startApp, uniqueName } from '@event-tickets/testing';
import { usersService } from '../../src/users.service-definition';

const INTERNAL = 'internal-token-for-users-tests';
const PASSWORD = 'password-123';

describe('users: token claims, revocation, role and password changes (Mongo-wire server)', () => {
  let app: RunningApp;
  const admin = { email: `${uniqueName('admin')}@example.com`, password: 'admin-password-1' };
  const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown, token?: string) =>
    http<T>(method, `${app.url}${path}`, { body, token });
  const login = (email: string, password = PASSWORD) =>
    call<{ token: string; message?: string }>('POST', '/users/token', { email, password });
  const me = (token: string) =>
    call<{ id: string; role: string; message: string }>('GET', '/users/me', undefined, token);
  const account = async (password = PASSWORD) => {
    const email = `${uniqueName('acc')}@example.com`;
    const created = await call<{ id: string }>('POST', '/users', { email, password });
    expect(created.status).toBe(201);
    const token = (await login(email, password)).body.token;
    return { email, id: created.body.id, token };
  };
  const adminToken = async () => (await login(admin.email, admin.password)).body.token;
  const revocations = () =>
    http<{ revocations: { userId: string; notBefore: number }[] }>('GET', `${app.url}/internal/revocations`, {
      token: INTERNAL,
    });

  beforeAll(async () => {
    app = await startApp(usersService, {
      MONGODB_DB: uniqueName('users_tokens'),
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      BCRYPT_COST: '4',
      INTERNAL_API_TOKEN: INTERNAL,
      TOKEN_REVOCATIONS_POLL_MS: '200',
      LOGIN_RATE_LIMIT_PER_CLIENT: '1000',
      LOGIN_RATE_LIMIT_PER_EMAIL: '3',
      REGISTRATION_RATE_LIMIT_PER_CLIENT: '1000',
    });
  });

  afterAll(async () => {
    await app?.app.get<Connection>(getConnectionToken()).dropDatabase();
    await app?.close();
  });

  describe('iss and aud', () => {
    it('issues tokens with iss and aud', async () => {
      const { token } = await account();
      expect(decodeJwt(token)).toMatchObject({ iss: 'event-tickets-users', aud: 'event-tickets' });
    });

    it('refuses a token for another audience or from another issuer: 401 "token is unauthorized"', async () => {
      const { id, email } = await account();
      for (const options of [
        { audience: 'another-service' },
        { issuer: 'someone-else' },
        { audience: null },
      ]) {
        const res = await me(await signToken({ id, email, role: 'PUBLIC' }, options));
        expect(res.status).toBe(401);
        expect(res.body.message).toBe('token is unauthorized');
      }
      expect((await me(await signToken({ id, email, role: 'PUBLIC' }))).status).toBe(200);
    });

    it('refuses a token of ours that lives longer than 24 hours', async () => {
      const { id, email } = await account();
      const res = await me(await signToken({ id, email, role: 'PUBLIC' }, { expiresInSeconds: 7 * 86400 }));
      expect(res.status).toBe(401);
      expect(res.body.message).toBe('token lifetime exceeds the maximum');
    });
  });

  describe('revocation', () => {
    it('a deleted account\'s tokens are refused at once: 401 "token is revoked"', async () => {
      const { id, email, token } = await account();
      const second = (await login(email)).body.token;
      expect((await call('DELETE', `/users/${id}`, undefined, token)).status).toBe(204);
      for (const t of [token, second]) {
        const res = await me(t);
        expect(res.status).toBe(401);
        expect(res.body.message).toBe('token is revoked');
      }
      expect((await revocations()).body.revocations).toContainEqual({
        userId: id,
        notBefore: expect.any(Number),
      });
    });

    it('reads the revocations from its store: one written by another replica applies within the poll', async () => {
      const { id, token } = await account();
      const notBefore = Math.floor(Date.now() / 1000) + 1;
      await app.app
        .get<Connection>(getConnectionToken())
        .collection('token_revocations')
        .insertOne({ _id: id as never, notBefore, expiresAt: new Date(Date.now() + 86400_000) });
      const res = await eventually(
        () => me(token),
        (r) => r.status === 401,
        { timeoutMs: 5000, intervalMs: 100 },
      );
      expect(res.body.message).toBe('token is revoked');
    });

    it('GET /internal/revocations takes only the service token', async () => {
      const { token } = await account();
      expect((await call('GET', '/internal/revocations')).status).toBe(403);
      expect((await call('GET', '/internal/revocations', undefined, token)).status).toBe(403);
      expect((await call('GET', '/internal/revocations', undefined, await adminToken())).status).toBe(403);
      expect((await revocations()).status).toBe(200);
    });
  });

  describe('PATCH /users/:id/role', () => {
    it("promotes and demotes, revoking the account's earlier tokens", async () => {
      const target = await account();
      const promoted = await call('PATCH', `/users/${target.id}/role`, { role: 'ADMIN' }, await adminToken());
      expect(promoted.status).toBe(200);
      expect(promoted.body).toEqual({ id: target.id, email: target.email, role: 'ADMIN' });
      expect((await me(target.token)).status).toBe(401);

      const asAdmin = (await login(target.email)).body.token;
      expect(decodeJwt(asAdmin).role).toBe('ADMIN');
      expect((await call('PATCH', `/users/${target.id}/role`, { role: 'ADMIN' }, asAdmin)).status).toBe(200);

      // Demoted: the admin token stops opening admin routes, and a new login is PUBLIC.
      const adminAgain = (await login(target.email)).body.token;
      expect(
        (await call('PATCH', `/users/${target.id}/role`, { role: 'PUBLIC' }, await adminToken())).status,
      ).toBe(200);
      const stale = await call('PATCH', `/users/${target.id}/role`, { role: 'ADMIN' }, adminAgain);
      expect(stale.status).toBe(401);
      expect(stale.body.message).toBe('token is revoked');
      const asPublic = (await login(target.email)).body.token;
      const refused = await call('PATCH', `/users/${target.id}/role`, { role: 'ADMIN' }, asPublic);
      expect(refused.status).toBe(403);
      expect(refused.body.message).toBe('Admin access required');
    });

    it('answers 400 for a bad role or id, 404 for an unknown id, 409 for the last admin', async () => {
      const token = await adminToken();
      const { id } = await account();
      const badRole = await call('PATCH', `/users/${id}/role`, { role: 'ROOT' }, token);
      expect(badRole.status).toBe(400);
      expect(badRole.body.message).toContain(
        'role must be one of the following values: ADMIN, STAFF, PUBLIC',
      );
      expect((await call('PATCH', '/users/not-an-id/role', { role: 'ADMIN' }, token)).status).toBe(400);
      const unknown = '0123456789abcdef01234567';
      const missing = await call('PATCH', `/users/${unknown}/role`, { role: 'ADMIN' }, token);
      expect(missing.status).toBe(404);
      expect(missing.body.message).toBe(`User with identifier "${unknown}" not found`);

      const self = (await me(token)).body.id;
      const last = await call('PATCH', `/users/${self}/role`, { role: 'PUBLIC' }, token);
      expect(last.status).toBe(409);
      expect(last.body).toMatchObject({ code: 'LAST_ADMIN', message: 'the last admin cannot be demoted' });
      expect((await me(token)).status).toBe(200); // nothing changed, nothing revoked
    });
  });

  describe('POST /users/me/password', () => {
    it('changes the password: 204, old password and old tokens stop working, the new one logs in', async () => {
      const { email, token } = await account();
      const changed = await call(
        'POST',
        '/users/me/password',
        { current_password: PASSWORD, new_password: 'new-password-456' },
        token,
      );
      expect(changed.status).toBe(204);
      const old = await me(token);
      expect(old.status).toBe(401);
      expect(old.body.message).toBe('token is revoked');
      expect((await login(email)).status).toBe(401);
      // At once, in the same second as the revocation: the new token is not revoked with the old.
      const fresh = await login(email, 'new-password-456');
      expect(fresh.status).toBe(201);
      expect((await me(fresh.body.token)).status).toBe(200);
    });

    it('refuses a wrong current password with 403, and counts it like a failed login (429)', async () => {
      const { token } = await account();
      const body = { current_password: 'not-my-password', new_password: 'new-password-456' };
      const wrong = await call('POST', '/users/me/password', body, token);
      expect(wrong.status).toBe(403);
      expect(wrong.body).toMatchObject({ code: 'WRONG_PASSWORD', message: 'current password is incorrect' });
      for (let i = 0; i < 2; i += 1) await call('POST', '/users/me/password', body, token);
      const limited = await call('POST', '/users/me/password', body, token);
      expect(limited.status).toBe(429);
      expect((await me(token)).status).toBe(200);
    });

    it('needs a token', async () => {
      const res = await call('POST', '/users/me/password', {
        current_password: PASSWORD,
        new_password: 'new-password-456',
      });
      expect(res.status).toBe(401);
    });
  });

  describe('passwords are limited to 72 bytes (bcrypt ignores the rest)', () => {
    const message = 'password must be at most 72 bytes in UTF-8 (bcrypt ignores the rest)';

    it('registration: 73 bytes → 400, 72 bytes of two-byte letters → 201', async () => {
      const tooLong = await call('POST', '/users', {
        email: `${uniqueName('b')}@example.com`,
        password: `${'é'.repeat(36)}a`,
      });
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.message).toContain(message);
      const ascii = await call('POST', '/users', {
        email: `${uniqueName('b')}@example.com`,
        password: 'a'.repeat(73),
      });
      expect(ascii.status).toBe(400);
      const email = `${uniqueName('b')}@example.com`;
      expect((await call('POST', '/users', { email, password: 'é'.repeat(36) })).status).toBe(201);
      expect((await login(email, 'é'.repeat(36))).status).toBe(201);
    });

    it('password change: a 73-byte new password → 400', async () => {
      const { token } = await account();
      const res = await call(
        'POST',
        '/users/me/password',
        { current_password: PASSWORD, new_password: `${'€'.repeat(24)}a` },
        token,
      );
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('new_password must be at most 72 bytes in UTF-8');
      expect((await me(token)).status).toBe(200);
    });
  });
});
