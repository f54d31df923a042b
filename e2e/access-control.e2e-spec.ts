import { randomUUID } from 'node:crypto';
import {
  type AppName,
  eventually,
  foreignPrivateKey,
  http,
  type Platform,
  signToken,
  startPlatform,
  uniqueName,
} from '@event-tickets/testing';
import { burst, createEvent, loginAdmin, newBuyer, type Buyer } from './purchases';

/**
 * `wrongAudience`: our key, another audience. `demoted`: an admin's token from before an admin demoted
 * it. `deleted`: the token of an account deleted after it bought. `reregistered`: a new account on the
 * deleted account's email, acting on the deleted account's purchase (see `owned`). `staff`: door staff,
 * an account an admin made STAFF through PATCH /users/:id/role, acting on a's purchase like `other`: it
 * reads and checks in any ticket, and is refused everything else that is not its own or is admin-only.
 */
type Caller =
  | 'none'
  | 'expired'
  | 'foreign'
  | 'wrongAudience'
  | 'demoted'
  | 'deleted'
  | 'public'
  | 'admin'
  | 'staff'
  | 'other'
  | 'reregistered';
const CALLERS: Caller[] = [
  'none',
  'expired',
  'foreign',
  'wrongAudience',
  'demoted',
  'deleted',
  'public',
  'admin',
  'staff',
  'other',
  'reregistered',
];

/** A buyer's purchase: what the rows on "someone's own" resources act on. */
interface Purchase {
  email: string;
  paymentId: string;
  passport: string;
}

interface Fixture {
  p: Platform;
  a: Buyer & { id: string };
  b: Buyer;
  /** The door staff account (role STAFF). */
  staff: Buyer & { id: string };
  adminToken: string;
  eventId: number;
  paymentId: string;
  passport: string;
  /** The deleted account's purchase, whose email the `reregistered` caller now holds. */
  gone: Purchase;
  /** The deleted and the demoted account. */
  revoked: string[];
  fresh: {
    user(): Promise<string>;
    event(): Promise<number>;
    passport(): Promise<string>;
    /** A new paid order of a's, once its ticket is issued (so that it can be refunded). */
    order(): Promise<Purchase>;
    lead(): Promise<string>;
  };
}

interface Route {
  app: AppName;
  method: string;
  path: (f: Fixture, caller: Caller) => Promise<string> | string;
  body?: (f: Fixture, caller: Caller) => unknown;
  /** Expected status per caller; `other` is "a PUBLIC user acting on someone else's resource". */
  expect: Partial<Record<Caller, number>> & { default?: number };
}

/** Callers whose token must be refused (401) wherever a token is read. */
const REFUSED = { expired: 401, foreign: 401, wrongAudience: 401, demoted: 401, deleted: 401 } as const;
const protectedRoute = (ok: Partial<Record<Caller, number>>): Route['expect'] => ({
  none: 401,
  ...REFUSED,
  ...ok,
});
/** The purchase a caller acts on as "its own": the deleted account's for `reregistered`, else a's. */
const owned = (f: Fixture, c: Caller): Purchase =>
  c === 'reregistered' ? f.gone : { email: f.a.email, paymentId: f.paymentId, passport: f.passport };
const e = encodeURIComponent;
const eventBody = () => ({
  name: 'Access show',
  description: 'd',
  image_url: 'https://img.example.com/a.png',
  price: 10,
  currency: 'BRL',
  event_date: new Date(Date.now() + 86400_000 * 10).toISOString(),
  capacity: 10,
});

/** Every route of every app, with the status each kind of caller must get. */
const ROUTES: Route[] = [
  ...(['users', 'events', 'payments', 'clients', 'tickets', 'marketing'] as AppName[]).flatMap(
    (app): Route[] => [
      { app, method: 'GET', path: () => '/health', expect: { default: 200 } },
      { app, method: 'GET', path: () => '/health/ready', expect: { default: 200 } },
      { app, method: 'GET', path: () => '/health/live', expect: { default: 200 } },
      { app, method: 'GET', path: () => '/metrics', expect: { default: 200 } },
    ],
  ),
  // users
  {
    app: 'users',
    method: 'POST',
    path: () => '/users',
    body: () => ({ email: `${uniqueName('ac')}@example.com`, password: 'password-123' }),
    expect: { none: 201, ...REFUSED, public: 201, admin: 201, staff: 201, other: 201, reregistered: 201 },
  },
  {
    app: 'users',
    method: 'POST',
    path: () => '/users',
    body: () => ({ email: `${uniqueName('ac')}@example.com`, password: 'password-123', role: 'ADMIN' }),
    expect: { none: 403, ...REFUSED, public: 403, admin: 201, staff: 403, other: 403, reregistered: 403 },
  },
  {
    // Door staff is given by an admin, never self-declared (not even by staff).
    app: 'users',
    method: 'POST',
    path: () => '/users',
    body: () => ({ email: `${uniqueName('ac')}@example.com`, password: 'password-123', role: 'STAFF' }),
    expect: { none: 403, ...REFUSED, public: 403, admin: 201, staff: 403, other: 403, reregistered: 403 },
  },
  {
    app: 'users',
    method: 'POST',
    path: () => '/users/token',
    body: (f) => ({ email: f.a.email, password: 'buyer-password' }),
    expect: { default: 201 },
  },
  {
    app: 'users',
    method: 'GET',
    path: () => '/users/me',
    expect: protectedRoute({ public: 200, admin: 200, staff: 200, other: 200, reregistered: 200 }),
  },
  {
    app: 'users',
    method: 'DELETE',
    path: async (f) => `/users/${await f.fresh.user()}`,
    expect: protectedRoute({ public: 403, admin: 204, staff: 403, other: 403, reregistered: 403 }),
  },
  {
    app: 'users',
    method: 'PATCH',
    path: async (f) => `/users/${await f.fresh.user()}/role`,
    body: () => ({ role: 'PUBLIC' }),
    expect: protectedRoute({ public: 403, admin: 200, staff: 403, other: 403, reregistered: 403 }),
  },
  {
    app: 'users',
    method: 'PATCH',
    path: async (f) => `/users/${await f.fresh.user()}/role`,
    body: () => ({ role: 'STAFF' }),
    expect: protectedRoute({ public: 403, admin: 200, staff: 403, other: 403, reregistered: 403 }),
  },
  {
    // A wrong current password: every account may change its own, and none without proving it.
    app: 'users',
    method: 'POST',
    path: () => '/users/me/password',
    body: () => ({ current_password: 'not-the-password', new_password: 'new-password-123' }),
    expect: protectedRoute({ public: 403, admin: 403, staff: 403, other: 403, reregistered: 403 }),
  },
  { app: 'users', method: 'GET', path: () => '/internal/revocations', expect: { default: 403 } },
  { app: 'users', method: 'GET', path: () => '/.well-known/jwks.json', expect: { default: 200 } },
  // events
  {
    app: 'events',
    method: 'GET',
    path: () => '/events?page=1&size=5',
    expect: protectedRoute({ public: 200, admin: 200, staff: 200, other: 200, reregistered: 200 }),
  },
  {
    app: 'events',
    method: 'GET',
    path: (f) => `/events/${f.eventId}`,
    expect: protectedRoute({ public: 200, admin: 200, staff: 200, other: 200, reregistered: 200 }),
  },
  {
    app: 'events',
    method: 'POST',
    path: () => '/events/admin',
    body: eventBody,
    expect: protectedRoute({ public: 403, admin: 201, staff: 403, other: 403, reregistered: 403 }),
  },
  {
    app: 'events',
    method: 'PUT',
    path: async (f) => `/events/admin/${await f.fresh.event()}`,
    body: () => ({ name: 'Renamed' }),
    expect: protectedRoute({ public: 403, admin: 204, staff: 403, other: 403, reregistered: 403 }),
  },
  {
    app: 'events',
    method: 'DELETE',
    path: async (f) => `/events/admin/${await f.fresh.event()}`,
    expect: protectedRoute({ public: 403, admin: 204, staff: 403, other: 403, reregistered: 403 }),
  },
  {
    app: 'events',
    method: 'POST',
    path: async (f) => `/events/admin/${await f.fresh.event()}/ticket-types`,
    body: () => ({ name: 'Balcony', price: 25, capacity: 5 }),
    expect: protectedRoute({ public: 403, admin: 201, staff: 403, other: 403, reregistered: 403 }),
  },
  {
    app: 'events',
    method: 'POST',
    path: async (f) => `/events/admin/${await f.fresh.event()}/cancel`,
    expect: protectedRoute({ public: 403, admin: 200, staff: 403, other: 403, reregistered: 403 }),
  },
  {
    app: 'events',
    method: 'GET',
    path: (f) => `/events/admin/${f.eventId}/sales`,
    expect: protectedRoute({ public: 403, admin: 200, staff: 403, other: 403, reregistered: 403 }),
  },
  {
    app: 'events',
    method: 'POST',
    path: (f) => `/internal/events/${f.eventId}/holds`,
    body: () => ({ payment_id: uniqueName('hold') }),
    expect: { default: 403 },
  },
  {
    app: 'events',
    method: 'POST',
    path: (f) => `/internal/holds/${f.paymentId}/release`,
    expect: { default: 403 },
  },
  {
    app: 'events',
    method: 'POST',
    path: (f) => `/internal/holds/${f.paymentId}/extend`,
    expect: { default: 403 },
  },
  {
    app: 'events',
    method: 'POST',
    path: (f) => `/internal/holds/${f.paymentId}/confirm`,
    expect: { default: 403 },
  },
  { app: 'events', method: 'GET', path: () => '/healthcheck', expect: { default: 200 } },
  // payments
  {
    app: 'payments',
    method: 'POST',
    path: () => '/payments',
    body: (f, c) => ({
      user_email: c === 'admin' ? f.p.admin.email : owned(f, c).email,
      user_name: 'A',
      event_id: String(f.eventId),
      payment_token: 'TOKEN123',
    }),
    // Not `reregistered`: its own purchase would rightly make it the owner of the email's client record.
    expect: protectedRoute({ public: 201, admin: 201, staff: 403, other: 403 }),
  },
  {
    // An id that a URL parser would resolve into another route of events.
    app: 'payments',
    method: 'POST',
    path: () => '/payments',
    body: (f, c) => ({
      user_email:
        c === 'admin'
          ? f.p.admin.email
          : c === 'other'
            ? f.b.email
            : c === 'staff'
              ? f.staff.email
              : owned(f, c).email,
      user_name: 'A',
      event_id: '..',
      payment_token: 'TOKEN123',
    }),
    expect: protectedRoute({ public: 400, admin: 400, staff: 400, other: 400, reregistered: 400 }),
  },
  {
    app: 'payments',
    method: 'GET',
    path: (f, c) => `/payments/${owned(f, c).paymentId}`,
    expect: protectedRoute({ public: 200, admin: 200, staff: 403, other: 403, reregistered: 403 }),
  },
  {
    app: 'payments',
    method: 'GET',
    path: (f, c) => `/payments/${owned(f, c).paymentId}/refunds`,
    expect: protectedRoute({ public: 200, admin: 200, staff: 403, other: 403, reregistered: 403 }),
  },
  {
    // The buyer and an admin refund a new order each (the whole of it); nobody else refunds a's.
    app: 'payments',
    method: 'POST',
    path: async (f, c) =>
      `/payments/${c === 'public' || c === 'admin' ? (await f.fresh.order()).paymentId : owned(f, c).paymentId}/refunds`,
    body: () => ({}),
    expect: protectedRoute({ public: 201, admin: 201, staff: 403, other: 403, reregistered: 403 }),
  },
  // clients
  {
    app: 'clients',
    method: 'GET',
    path: (f, c) => `/clients?email=${e(owned(f, c).email)}`,
    expect: protectedRoute({ public: 200, admin: 200, staff: 403, other: 403, reregistered: 403 }),
  },
  {
    app: 'clients',
    method: 'GET',
    path: () => '/clients?page=1&size=5',
    expect: protectedRoute({ public: 403, admin: 200, staff: 403, other: 403, reregistered: 403 }),
  },
  {
    app: 'clients',
    method: 'POST',
    path: () => '/clients',
    body: () => ({ name: 'C', email: `${uniqueName('client')}@example.com` }),
    expect: protectedRoute({ public: 403, admin: 201, staff: 403, other: 403, reregistered: 403 }),
  },
  { app: 'clients', method: 'GET', path: () => '/healthcheck/live', expect: { default: 200 } },
  { app: 'clients', method: 'GET', path: () => '/healthcheck/ready', expect: { default: 200 } },
  // tickets
  {
    app: 'tickets',
    method: 'GET',
    // reregistered: 200 with none of the deleted account's tickets (asserted below).
    path: (f, c) => `/tickets?email=${e(owned(f, c).email)}`,
    expect: protectedRoute({ public: 200, admin: 200, staff: 200, other: 403, reregistered: 200 }),
  },
  {
    app: 'tickets',
    method: 'GET',
    path: (f, c) => `/tickets/${owned(f, c).passport}`,
    expect: protectedRoute({ public: 200, admin: 200, staff: 200, other: 403, reregistered: 403 }),
  },
  {
    app: 'tickets',
    method: 'POST',
    path: async (f, c) =>
      `/tickets/${c === 'admin' || c === 'staff' ? await f.fresh.passport() : owned(f, c).passport}/check-in`,
    expect: protectedRoute({ public: 403, admin: 200, staff: 200, other: 403, reregistered: 403 }),
  },
  {
    app: 'tickets',
    method: 'POST',
    path: (f, c) => `/tickets/${owned(f, c).passport}/resend`,
    expect: protectedRoute({ public: 202, admin: 202, staff: 403, other: 403, reregistered: 403 }),
  },
  {
    app: 'tickets',
    method: 'POST',
    path: (f) => `/internal/payments/${f.paymentId}/voids`,
    body: () => ({ refund_id: randomUUID() }),
    expect: { default: 403 },
  },
  // marketing
  {
    app: 'marketing',
    method: 'POST',
    path: () => '/leads',
    body: () => ({ email: `${uniqueName('lead')}@example.com`, language: 'en', converted: false }),
    expect: { default: 201 },
  },
  {
    // A conversion is not self-declared: a refused token counts as no token on this public route.
    app: 'marketing',
    method: 'POST',
    path: () => '/leads',
    body: () => ({ email: `${uniqueName('lead')}@example.com`, language: 'en', converted: true }),
    expect: { default: 403, admin: 201 },
  },
  {
    app: 'marketing',
    method: 'GET',
    path: () => '/leads?page=1&size=5',
    expect: protectedRoute({ public: 403, admin: 200, staff: 403, other: 403, reregistered: 403 }),
  },
  {
    app: 'marketing',
    method: 'GET',
    path: () => '/leads/stats',
    expect: protectedRoute({ public: 403, admin: 200, staff: 403, other: 403, reregistered: 403 }),
  },
  {
    app: 'marketing',
    method: 'GET',
    path: (f) => `/leads/${e(f.a.email)}`,
    expect: protectedRoute({ public: 403, admin: 200, staff: 403, other: 403, reregistered: 403 }),
  },
  {
    app: 'marketing',
    method: 'DELETE',
    path: async (f) => `/leads/${e(await f.fresh.lead())}`,
    expect: protectedRoute({ public: 403, admin: 204, staff: 403, other: 403, reregistered: 403 }),
  },
];

/** `(f) => `/events/${f.eventId}`` → `/events/${f.eventId}`: the route as the table wrote it. */
const label = (r: Route) =>
  r.path
    .toString()
    .replace(/^[^=]*=>\s*/, '')
    .replace(/^`|`$|^'|'$/g, '');

describe('access control: every route × every kind of caller', () => {
  const f = {} as Fixture;
  const tokens = {} as Record<Caller, string | undefined>;

  beforeAll(async () => {
    f.p = await startPlatform({
      env: {
        LOG_LEVEL: 'error',
        LEADS_RATE_LIMIT_PER_CLIENT: '100000',
        PURCHASE_RATE_LIMIT_PER_MINUTE: '100000',
        REGISTRATION_RATE_LIMIT_PER_CLIENT: '100000',
      },
    });
    const { p } = f;
    f.adminToken = await loginAdmin(p);
    const a = await newBuyer(p);
    f.a = {
      ...a,
      id: (await http<{ id: string }>('GET', `${p.url.users}/users/me`, { token: a.token })).body.id,
    };
    f.b = await newBuyer(p);
    f.eventId = await createEvent(p, f.adminToken, 1000);
    const passports = async (count: number) =>
      (
        await eventually(
          () =>
            http<{ passport: string }[]>('GET', `${p.url.tickets}/tickets?email=${e(f.a.email)}&size=100`, {
              token: f.a.token,
            }),
          (r) => Array.isArray(r.body) && r.body.length >= count,
          { timeoutMs: 60_000 },
        )
      ).body.map((t) => t.passport);
    [f.paymentId] = await burst(p, f.a, f.eventId, 1);
    f.passport = (await passports(1))[0]!;
    await eventually(
      () => http('GET', `${p.url.marketing}/leads/${e(f.a.email)}`, { token: f.adminToken }),
      (r) => r.status === 200,
    );
    f.fresh = {
      user: async () => {
        const email = `${uniqueName('victim')}@example.com`;
        const res = await http<{ id: string }>('POST', `${p.url.users}/users`, {
          body: { email, password: 'password-123' },
        });
        if (res.status !== 201) throw new Error(`fresh user: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body.id;
      },
      event: async () =>
        (
          await http<{ id: number }>('POST', `${p.url.events}/events/admin`, {
            token: f.adminToken,
            body: eventBody(),
          })
        ).body.id,
      order: async () => {
        const [paymentId] = await burst(p, f.a, f.eventId, 1);
        if (!paymentId) throw new Error('fresh order: the purchase was not accepted');
        const tickets = await eventually(
          () =>
            http<{ passport: string; paymentId: string }[]>(
              'GET',
              `${p.url.tickets}/tickets?email=${e(f.a.email)}&size=100`,
              { token: f.a.token },
            ),
          (r) => Array.isArray(r.body) && r.body.some((t) => t.paymentId === paymentId),
          { timeoutMs: 60_000 },
        );
        return {
          email: f.a.email,
          paymentId,
          passport: tickets.body.find((t) => t.paymentId === paymentId)!.passport,
        };
      },
      passport: async () => (await f.fresh.order()).passport,
      lead: async () => {
        const email = `${uniqueName('erase')}@example.com`;
        await http('POST', `${p.url.marketing}/leads`, { body: { email, language: 'en', converted: false } });
        return email;
      },
    };
    const claims = { id: f.a.id, email: f.a.email, role: 'ADMIN' as const };
    tokens.none = undefined;
    tokens.expired = await signToken(
      { ...claims, role: 'PUBLIC' },
      { issuedAt: Math.floor(Date.now() / 1000) - 7200, expiresInSeconds: 60 },
    );
    tokens.foreign = await signToken(claims, { privateKeyPem: foreignPrivateKey() });
    tokens.wrongAudience = await signToken(claims, { audience: 'another-service' });
    tokens.public = f.a.token;
    tokens.admin = f.adminToken;
    tokens.other = f.b.token;

    // Door staff: a registered account the admin makes STAFF; its token from the next login says so.
    const s = await newBuyer(p);
    const sId = (await http<{ id: string }>('GET', `${p.url.users}/users/me`, { token: s.token })).body.id;
    const promote = await http('PATCH', `${p.url.users}/users/${sId}/role`, {
      token: f.adminToken,
      body: { role: 'STAFF' },
    });
    expect(promote).toMatchObject({ status: 200, body: { id: sId, role: 'STAFF' } });
    const staffLogin = await http<{ token: string }>('POST', `${p.url.users}/users/token`, {
      body: { email: s.email, password: 'buyer-password' },
    });
    expect(staffLogin.status).toBe(201);
    f.staff = { email: s.email, token: staffLogin.body.token, id: sId };
    tokens.staff = f.staff.token;

    // v buys, an admin deletes v, and someone registers v's email again.
    const v = await newBuyer(p);
    const vId = (await http<{ id: string }>('GET', `${p.url.users}/users/me`, { token: v.token })).body.id;
    const [vPayment] = await burst(p, v, f.eventId, 1);
    const vTickets = await eventually(
      () =>
        http<{ passport: string }[]>('GET', `${p.url.tickets}/tickets?email=${e(v.email)}`, {
          token: v.token,
        }),
      (r) => Array.isArray(r.body) && r.body.length === 1,
      { timeoutMs: 60_000 },
    );
    f.gone = { email: v.email, paymentId: vPayment!, passport: vTickets.body[0]!.passport };
    expect((await http('DELETE', `${p.url.users}/users/${vId}`, { token: f.adminToken })).status).toBe(204);
    tokens.deleted = v.token;
    expect(
      (await http('POST', `${p.url.users}/users`, { body: { email: v.email, password: 'another-123' } }))
        .status,
    ).toBe(201);
    tokens.reregistered = (
      await http<{ token: string }>('POST', `${p.url.users}/users/token`, {
        body: { email: v.email, password: 'another-123' },
      })
    ).body.token;

    // An admin's token, then the account is demoted.
    const demoted = { email: `${uniqueName('demoted')}@example.com`, password: 'password-123' };
    const created = await http<{ id: string }>('POST', `${p.url.users}/users`, {
      token: f.adminToken,
      body: { ...demoted, role: 'ADMIN' },
    });
    tokens.demoted = (
      await http<{ token: string }>('POST', `${p.url.users}/users/token`, { body: demoted })
    ).body.token;
    const demote = await http('PATCH', `${p.url.users}/users/${created.body.id}/role`, {
      token: f.adminToken,
      body: { role: 'PUBLIC' },
    });
    expect(demote.status).toBe(200);
    f.revoked = [vId, created.body.id];

    // Every app refuses both revoked tokens once its verifier has polled users' list.
    const probes: [AppName, string][] = [
      ['users', '/users/me'],
      ['events', '/events?page=1&size=1'],
      ['payments', `/payments/${f.paymentId}`],
      ['clients', `/clients?email=${e(f.a.email)}`],
      ['tickets', `/tickets?email=${e(f.a.email)}`],
      ['marketing', '/leads/stats'],
    ];
    for (const [app, path] of probes)
      for (const token of [tokens.deleted, tokens.demoted])
        await eventually(
          () => http('GET', `${p.url[app]}${path}`, { token }),
          (r) => r.status === 401,
          { timeoutMs: 30_000 },
        );
  }, 300_000);

  afterAll(async () => {
    await f.p?.stop();
  });

  it.each(ROUTES.map((r) => [`${r.app} ${r.method} ${label(r)}`, r] as const))(
    '%s',
    async (_, route) => {
      const results: Record<string, number> = {};
      const expected: Record<string, number> = {};
      for (const caller of CALLERS) {
        const want = route.expect[caller] ?? route.expect.default;
        if (want === undefined) continue;
        const res = await http(route.method, `${f.p.url[route.app]}${await route.path(f, caller)}`, {
          token: tokens[caller],
          body: route.body?.(f, caller),
        });
        results[caller] = res.status;
        expected[caller] = want;
      }
      expect(results).toEqual(expected);
    },
    120_000,
  );

  it("lists none of a deleted account's tickets to the next account on its email; an admin still sees them", async () => {
    const path = `${f.p.url.tickets}/tickets?email=${e(f.gone.email)}`;
    const newcomer = await http<unknown[]>('GET', path, { token: tokens.reregistered });
    expect(newcomer).toMatchObject({ status: 200, body: [] });
    const admin = await http<{ passport: string }[]>('GET', path, { token: f.adminToken });
    expect(admin.body.map((t) => t.passport)).toEqual([f.gone.passport]);
  });

  it("lets door staff read any account's tickets, like an admin, but not resend them", async () => {
    const path = `${f.p.url.tickets}/tickets?email=${e(f.gone.email)}`;
    const listed = await http<{ passport: string }[]>('GET', path, { token: tokens.staff });
    expect(listed.status).toBe(200);
    expect(listed.body.map((t) => t.passport)).toEqual([f.gone.passport]);
    const one = await http<{ passport: string }>('GET', `${f.p.url.tickets}/tickets/${f.gone.passport}`, {
      token: tokens.staff,
    });
    expect(one).toMatchObject({ status: 200, body: { passport: f.gone.passport } });
    const resend = await http('POST', `${f.p.url.tickets}/tickets/${f.gone.passport}/resend`, {
      token: tokens.staff,
    });
    expect(resend.status).toBe(403);
  });

  it('serves the revocation list to the service token only, with the deleted and the demoted account', async () => {
    const res = await http<{ revocations: { userId: string }[] }>(
      'GET',
      `${f.p.url.users}/internal/revocations`,
      { headers: { 'x-internal-token': f.p.env.INTERNAL_API_TOKEN! } },
    );
    expect(res.status).toBe(200);
    expect(res.body.revocations.map((r) => r.userId)).toEqual(expect.arrayContaining(f.revoked));
  });
});
