import { eventually, http, type Platform, signToken, startPlatform } from '@event-tickets/testing';

/**
 * The revocations across apps: users records them, every other app's verifier polls them
 * (TOKEN_REVOCATIONS_POLL_MS is 1000 in startPlatform), so events refuses a deleted or demoted
 * account's earlier tokens within seconds. Runs the built apps (`npm run build`).
 */
describe('token revocation across apps (the six built apps)', () => {
  let p: Platform;
  const eventBody = () => ({
    name: 'Revocation show',
    description: 'd',
    image_url: 'https://img.example.com/r.png',
    price: 10,
    currency: 'BRL',
    event_date: new Date(Date.now() + 86400_000 * 10).toISOString(),
    capacity: 10,
  });
  const login = async (email: string, password: string) => {
    const res = await http<{ token: string }>('POST', `${p.url.users}/users/token`, {
      body: { email, password },
    });
    expect(res.status).toBe(201);
    return res.body.token;
  };
  const register = async (email: string, role?: string, token?: string) => {
    const res = await http<{ id: string }>('POST', `${p.url.users}/users`, {
      body: { email, password: 'password-123', ...(role ? { role } : {}) },
      token,
    });
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const listEvents = (token: string) =>
    http<{ message?: string }>('GET', `${p.url.events}/events?page=1&size=1`, { token });
  /** Polls until events refuses the token; returns the answer and how long it took. */
  const untilRefused = async <T extends { status: number }>(probe: () => Promise<T>) => {
    const started = Date.now();
    const res = await eventually(probe, (r) => r.status === 401, { timeoutMs: 15_000, intervalMs: 100 });
    return { res, ms: Date.now() - started };
  };

  beforeAll(async () => {
    p = await startPlatform({
      ports: 'free',
      env: { LOG_LEVEL: 'error' },
      appEnv: { users: { BCRYPT_COST: '4' } },
    });
  }, 240_000);

  afterAll(async () => {
    await p?.stop();
  });

  it("a deleted account's token is refused by events within the poll window, and by users at once", async () => {
    const email = `deleted-${p.run}@example.com`;
    const id = await register(email);
    const token = await login(email, 'password-123');
    expect((await listEvents(token)).status).toBe(200);

    expect((await http('DELETE', `${p.url.users}/users/${id}`, { token })).status).toBe(204);
    const me = await http<{ message: string }>('GET', `${p.url.users}/users/me`, { token });
    expect(me.status).toBe(401);
    expect(me.body.message).toBe('token is revoked');

    const { res, ms } = await untilRefused(() => listEvents(token));
    expect(res.status).toBe(401);
    expect(res.body.message).toBe('token is revoked');
    // A poll every second: well within the minute the revocation must take at most.
    expect(ms).toBeLessThan(5000);
  });

  it('a demoted admin loses the admin routes of events', async () => {
    const admin = await login(p.admin.email, p.admin.password);
    const email = `demoted-${p.run}@example.com`;
    const id = await register(email, 'ADMIN', admin);
    const token = await login(email, 'password-123');
    const create = () =>
      http<{ message?: string }>('POST', `${p.url.events}/events/admin`, { body: eventBody(), token });
    expect((await create()).status).toBe(201);

    const demoted = await http('PATCH', `${p.url.users}/users/${id}/role`, {
      body: { role: 'PUBLIC' },
      token: admin,
    });
    expect(demoted.status).toBe(200);
    const { res } = await untilRefused(create);
    expect(res.status).toBe(401);
    expect(res.body.message).toBe('token is revoked');

    const asPublic = await login(email, 'password-123');
    const refused = await http<{ message: string }>('POST', `${p.url.events}/events/admin`, {
      body: eventBody(),
      token: asPublic,
    });
    expect(refused.status).toBe(403);
    expect((await listEvents(asPublic)).status).toBe(200);
  });

  it('events refuses a token for another audience: 401 "token is unauthorized"', async () => {
    const claims = {
      id: '0123456789abcdef01234567',
      email: `aud-${p.run}@example.com`,
      role: 'PUBLIC' as const,
    };
    const wrong = await listEvents(await signToken(claims, { audience: 'another-service' }));
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toBe('token is unauthorized');
    expect((await listEvents(await signToken(claims))).status).toBe(200);
  });
});
