import { Logger } from '@nestjs/common';
import { SignJWT } from 'jose';
import { type EventsTestApp, startEventsApp } from '../support/events-app';

/** A secret as short as deployments of the original use (it took any length). */
const SHORT_SECRET = 'secret';

/** A token exactly as the original's users service signs one: HS256, `role`, `id`, `email`, no iss/aud. */
const originalToken = (role: 'ADMIN' | 'PUBLIC', secret = SHORT_SECRET) =>
  new SignJWT({ role, id: '65f1c0ffee0123456789abcd', email: `${role.toLowerCase()}@example.com` })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(secret));

describe("events beside the original's users: HS256 with the original's short secret", () => {
  let t: EventsTestApp;
  const warnings: string[] = [];

  beforeAll(async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => {
      warnings.push(String(message));
    });
    t = await startEventsApp({ JWT_SECRET: SHORT_SECRET });
  });
  afterAll(async () => {
    await t?.close();
    jest.restoreAllMocks();
  });

  it('starts on it and says at start that the secret is short and how to rotate it', () => {
    expect(warnings).toContainEqual(
      expect.stringMatching(
        /^JWT_SECRET is 6 characters, shorter than the 32 HS256 needs: accepted .*Rotate it/,
      ),
    );
  });

  it("accepts the original's tokens signed with it: reads for anyone, admin routes for its ADMIN", async () => {
    const list = await t.call('GET', '/events', undefined, await originalToken('PUBLIC'));
    expect(list.status).toBe(200);
    const created = await t.call<{ id: number; name: string }>(
      'POST',
      '/events/admin',
      {
        name: 'Hand-over night',
        description: 'created with a token of the original',
        image_url: 'https://example.com/i.png',
        price: 10,
        currency: 'BRL',
        event_date: new Date(Date.now() + 86_400_000).toISOString(),
      },
      await originalToken('ADMIN'),
    );
    expect(created.status).toBe(201); // ours answers 201 (the original 200): a documented deviation
    expect(created.body.name).toBe('Hand-over night');
    const forbidden = await t.call(
      'DELETE',
      `/events/admin/${created.body.id}`,
      undefined,
      await originalToken('PUBLIC'),
    );
    expect(forbidden.status).toBe(403);
  });

  it('refuses a token signed with another secret, and our RS256 tokens, with 401', async () => {
    const other = await t.call('GET', '/events', undefined, await originalToken('ADMIN', 'secreT'));
    expect(other.status).toBe(401);
    const rs256 = await t.call('GET', '/events', undefined, t.userToken);
    expect(rs256.status).toBe(401);
  });
});
