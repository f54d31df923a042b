import { Logger } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { jwtVerify } from 'jose';
import type { Connection } from 'mongoose';
import { http, type RunningApp, startApp, uniqueName } from '@event-tickets/testing';
import { usersService } from '../../src/users.service-definition';

/** A secret as short as deployments of the original use (it took any length). */
const SHORT_SECRET = 'secret';

describe("users beside the original's events: HS256 with the original's short secret", () => {
  let app: RunningApp;
  const warnings: string[] = [];
  const admin = { email: `${uniqueName('admin')}@example.com`, password: 'admin-password-1' };

  beforeAll(async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => {
      warnings.push(String(message));
    });
    app = await startApp(usersService, {
      MONGODB_DB: uniqueName('users_hs256'),
      JWT_SECRET: SHORT_SECRET,
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      BCRYPT_COST: '4',
    });
  });
  afterAll(async () => {
    await app?.app.get<Connection>(getConnectionToken()).dropDatabase();
    await app?.close();
    jest.restoreAllMocks();
  });

  it('starts on it and says at start that the secret is short', () => {
    expect(warnings).toContainEqual(
      expect.stringMatching(/^JWT_SECRET is 6 characters, shorter than the 32/),
    );
  });

  it("issues tokens the original's events verifies: HS256 with the secret, string id and role", async () => {
    const login = await http<{ token: string }>('POST', `${app.url}/users/token`, { body: admin });
    expect(login.status).toBe(201);
    const { payload, protectedHeader } = await jwtVerify(
      login.body.token,
      new TextEncoder().encode(SHORT_SECRET),
      {
        algorithms: ['HS256'],
      },
    );
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({ id: expect.any(String), role: 'ADMIN', email: admin.email });
    const me = await http<{ role: string }>('GET', `${app.url}/users/me`, { token: login.body.token });
    expect(me.status).toBe(200);
    expect(me.body.role).toBe('ADMIN');
  });

  it('publishes no public key in HS256 mode', async () => {
    const jwks = await http<{ keys: unknown[] }>('GET', `${app.url}/.well-known/jwks.json`);
    expect(jwks.body.keys).toEqual([]);
  });
});
