import * as bcrypt from 'bcrypt';
import mongoose from 'mongoose';
import { mongoSnapshot, type RunningApp, startApp, uniqueName } from '@event-tickets/testing';
import { usersService } from '../../src/users.service-definition';

/** Logins here write rate-limit hits; nothing else is volatile. */
const VOLATILE = ['rate_limit_hits', 'token_revocations'];

const env = (dbName: string) => ({
  MONGODB_DB: dbName,
  LOGIN_RATE_LIMIT_PER_CLIENT: '1000',
  LOGIN_RATE_LIMIT_PER_EMAIL: '1000',
});

/** An account as the original wrote it: bcrypt cost 12, its role, `__v`, no `emailKey`, no timestamps. */
const originalAccount = async (email: string, password: string, role: 'ADMIN' | 'PUBLIC') => ({
  _id: new mongoose.Types.ObjectId(),
  email,
  password: await bcrypt.hash(password, 12),
  role,
  __v: 0,
});

async function seed(dbName: string, accounts: Record<string, unknown>[]) {
  const connection = await mongoose
    .createConnection(process.env.MONGODB_URL!, { dbName, retryWrites: false })
    .asPromise();
  await connection.collection('users').insertMany(accounts);
  // The original's Mongoose schema declared `email` unique.
  await connection.collection('users').createIndex({ email: 1 }, { unique: true, background: true });
  return connection;
}

describe("users over the original's users collection (Mongo-wire server)", () => {
  const dbName = uniqueName('users_original');
  let connection: mongoose.Connection;
  let app: RunningApp;
  let seeded: Record<string, unknown>[];
  let afterFirst: Awaited<ReturnType<typeof mongoSnapshot>>;
  let afterSecond: Awaited<ReturnType<typeof mongoSnapshot>>;

  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  const login = (email: string, password: string) => call('POST', '/users/token', { email, password });

  beforeAll(async () => {
    seeded = [
      await originalAccount('Old.Admin@Example.com', 'admin-secret-1', 'ADMIN'),
      await originalAccount('old.buyer@example.com', 'buyer-secret-1', 'PUBLIC'),
    ];
    connection = await seed(dbName, seeded);
    const first = await startApp(usersService, env(dbName));
    afterFirst = await mongoSnapshot(connection, { except: VOLATILE });
    await first.close();
    app = await startApp(usersService, env(dbName));
    afterSecond = await mongoSnapshot(connection, { except: VOLATILE });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await connection?.dropDatabase();
    await connection?.close();
  });

  it('keeps every account as the original wrote it, adding only its email key', () => {
    const users = afterFirst.users!.documents;
    expect(users).toHaveLength(seeded.length);
    for (const account of seeded) {
      const stored = users.find((u) => String(u._id) === String(account._id));
      expect(stored).toEqual({ ...account, emailKey: String(account.email).toLowerCase() });
    }
    expect(afterFirst.users!.indexes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: { email: 1 }, unique: true }),
        expect.objectContaining({ key: { emailKey: 1 }, unique: true }),
      ]),
    );
  });

  it('a second start changes nothing', () => {
    expect(afterSecond).toEqual(afterFirst);
  });

  it('the accounts log in with their passwords, in any letter case, and keep their roles', async () => {
    const admin = await login('old.admin@example.com', 'admin-secret-1');
    expect(admin.status).toBe(201);
    const buyer = await login('OLD.BUYER@example.com', 'buyer-secret-1');
    expect(buyer.status).toBe(201);
    expect((await login('old.buyer@example.com', 'admin-secret-1')).status).toBe(401);

    const adminToken = String(admin.body.token);
    const me = await call('GET', '/users/me', undefined, adminToken);
    expect(me.body).toMatchObject({ email: 'Old.Admin@Example.com', role: 'ADMIN' });
    const buyerMe = await call('GET', '/users/me', undefined, String(buyer.body.token));
    expect(buyerMe.body).toMatchObject({ email: 'old.buyer@example.com', role: 'PUBLIC' });
    // Still admin: it may change another account's role (an admin-only route).
    const promoted = await call(
      'PATCH',
      `/users/${String(seeded[1]!._id)}/role`,
      { role: 'STAFF' },
      adminToken,
    );
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ email: 'old.buyer@example.com', role: 'STAFF' });
  });

  it('an account the original writes while both run logs in at once, and gets its key at the next start', async () => {
    const late = await originalAccount('late.buyer@example.com', 'late-secret-1', 'PUBLIC');
    await connection.collection('users').insertOne(late);
    expect((await login('late.buyer@example.com', 'late-secret-1')).status).toBe(201);
    expect((await login('late.buyer@example.com', 'wrong-secret-1')).status).toBe(401);
  });

  it("an original account's email is taken, whatever its letter case", async () => {
    const res = await call('POST', '/users', { email: 'OLD.ADMIN@example.com', password: 'password-123' });
    expect(res.status).toBe(409);
  });
});

describe("users over original accounts that differ only by their email's letter case", () => {
  const dbName = uniqueName('users_case_clash');
  let connection: mongoose.Connection;

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  it('refuses to start, naming the accounts, and leaves them as they were', async () => {
    const accounts = [
      await originalAccount('Ana@Example.com', 'secret-one-1', 'PUBLIC'),
      await originalAccount('ana@example.com', 'secret-two-2', 'PUBLIC'),
    ];
    connection = await seed(dbName, accounts);
    await expect(startApp(usersService, env(dbName))).rejects.toThrow(
      new RegExp(`differ only by letter case.*${String(accounts[0]!._id)} = ${String(accounts[1]!._id)}`),
    );
    const users = await connection.collection('users').find({}).sort({ _id: 1 }).toArray();
    expect(users.map(({ emailKey: _k, ...rest }) => rest)).toEqual(accounts);
  });
});
