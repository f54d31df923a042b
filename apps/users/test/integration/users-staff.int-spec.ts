import { getConnectionToken } from '@nestjs/mongoose';
import { decodeJwt } from 'jose';
import type { Connection } from 'mongoose';
import { http, type RunningApp, startApp, uniqueName } from '@event-tickets/testing';
import { usersService } from '../../src/users.service-definition';

const PASSWORD = 'password-123';
const INTERNAL = 'internal-token-for-users-staff-tests';

/** Door staff: an admin makes an account STAFF; in users that account may do what a PUBLIC one may. */
describe('users: the STAFF role (Mongo-wire server)', () => {
  let app: RunningApp;
  const admin = { email: `${uniqueName('admin')}@example.com`, password: 'admin-password-1' };
  const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown, token?: string) =>
    http<T>(method, `${app.url}${path}`, { body, token });
  const login = async (email: string, password = PASSWORD) =>
    (await call<{ token: string }>('POST', '/users/token', { email, password })).body.token;
  const adminToken = () => login(admin.email, admin.password);
  const account = async (role?: string, token?: string) => {
    const email = `${uniqueName('acc')}@example.com`;
    const res = await call<{ id: string; role: string }>(
      'POST',
      '/users',
      { email, password: PASSWORD, ...(role ? { role } : {}) },
      token,
    );
    return { email, res, id: res.body.id };
  };

  beforeAll(async () => {
    app = await startApp(usersService, {
      MONGODB_DB: uniqueName('users_staff'),
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      BCRYPT_COST: '4',
      INTERNAL_API_TOKEN: INTERNAL,
      LOGIN_RATE_LIMIT_PER_CLIENT: '1000',
      LOGIN_RATE_LIMIT_PER_EMAIL: '1000',
      REGISTRATION_RATE_LIMIT_PER_CLIENT: '1000',
    });
  });

  afterAll(async () => {
    await app?.app.get<Connection>(getConnectionToken()).dropDatabase();
    await app?.close();
  });

  it('PATCH /users/:id/role makes an account STAFF: 200, its earlier tokens revoked, new ones say STAFF', async () => {
    const { email, id } = await account();
    const before = await login(email);
    const res = await call('PATCH', `/users/${id}/role`, { role: 'STAFF' }, await adminToken());
    expect(res).toMatchObject({ status: 200, body: { id, email, role: 'STAFF' } });
    expect((await call('GET', '/users/me', undefined, before)).status).toBe(401);

    const staff = await login(email);
    expect(decodeJwt(staff).role).toBe('STAFF');
    expect((await call('GET', '/users/me', undefined, staff)).body).toEqual({ id, email, role: 'STAFF' });

    // And back: a STAFF account demoted to PUBLIC.
    expect((await call('PATCH', `/users/${id}/role`, { role: 'PUBLIC' }, await adminToken())).status).toBe(
      200,
    );
    expect((await call('GET', '/users/me', undefined, staff)).status).toBe(401);
    expect(decodeJwt(await login(email)).role).toBe('PUBLIC');
  });

  it('registers a STAFF account only for an admin (403 ADMIN_REQUIRED otherwise)', async () => {
    const refused = await account('STAFF');
    expect(refused.res).toMatchObject({
      status: 403,
      body: { code: 'ADMIN_REQUIRED', message: 'only an admin can create a STAFF account' },
    });
    expect((await call('POST', '/users/token', { email: refused.email, password: PASSWORD })).status).toBe(
      401,
    );

    const created = await account('STAFF', await adminToken());
    expect(created.res.status).toBe(201);
    expect(created.res.body).toEqual({ id: created.id, email: created.email, role: 'STAFF' });
    expect(decodeJwt(await login(created.email)).role).toBe('STAFF');
  });

  it('gives a STAFF token what a PUBLIC token gets in users, and nothing more', async () => {
    const door = await account('STAFF', await adminToken());
    const staff = await login(door.email);
    const victim = await account();

    expect((await call('GET', '/users/me', undefined, staff)).status).toBe(200);
    const promote = await call('PATCH', `/users/${door.id}/role`, { role: 'ADMIN' }, staff);
    expect(promote).toMatchObject({ status: 403, body: { message: 'Admin access required' } });
    expect((await call('PATCH', `/users/${victim.id}/role`, { role: 'STAFF' }, staff)).status).toBe(403);
    for (const role of ['STAFF', 'ADMIN'])
      expect((await account(role, staff)).res).toMatchObject({
        status: 403,
        body: { code: 'ADMIN_REQUIRED' },
      });
    expect((await account(undefined, staff)).res).toMatchObject({ status: 201, body: { role: 'PUBLIC' } });
    expect((await call('DELETE', `/users/${victim.id}`, undefined, staff)).status).toBe(403);
    expect((await call('GET', '/internal/revocations', undefined, staff)).status).toBe(403);
    expect(decodeJwt(await login(victim.email)).role).toBe('PUBLIC'); // untouched

    // Its own account, as any account: a password change proves the current one, a deletion works.
    const wrong = await call(
      'POST',
      '/users/me/password',
      { current_password: 'not-the-password', new_password: 'new-password-123' },
      staff,
    );
    expect(wrong.status).toBe(403);
    expect((await call('DELETE', `/users/${door.id}`, undefined, staff)).status).toBe(204);
  });

  it('keeps the last-admin rule: the only admin cannot become STAFF (409 LAST_ADMIN)', async () => {
    const token = await adminToken();
    const self = (await call<{ id: string }>('GET', '/users/me', undefined, token)).body.id;
    const res = await call('PATCH', `/users/${self}/role`, { role: 'STAFF' }, token);
    expect(res).toMatchObject({
      status: 409,
      body: { code: 'LAST_ADMIN', message: 'the last admin cannot be demoted' },
    });
    expect((await call('GET', '/users/me', undefined, token)).body).toMatchObject({ role: 'ADMIN' });
  });
});
