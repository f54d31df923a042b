import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import {
  eventually,
  mongoSnapshot,
  produce,
  type RunningApp,
  startApp,
  uniqueName,
} from '@event-tickets/testing';
import { marketingService } from '../../src/marketing.service-definition';
import { adminToken, type Lead, marketingHttp, type Stats } from '../support/marketing-http';

describe("marketing over the original's leads collection (Mongo-wire server)", () => {
  const dbName = uniqueName('marketing_legacy');
  const topic = uniqueName('CLIENT_CREATED_TOPIC');
  let connection: mongoose.Connection;
  let app: RunningApp;
  let admin: string;
  let afterFirst: Awaited<ReturnType<typeof mongoSnapshot>>;
  let afterSecond: Awaited<ReturnType<typeof mongoSnapshot>>;
  const http = marketingHttp(() => app.url);
  const at = new Date('2024-03-01T10:00:00Z');
  // Documents as the original wrote them: no emailKey, `pt-br` by default, `__v`.
  const seeded = [
    {
      _id: new mongoose.Types.ObjectId(),
      email: 'Legacy.Ana@Example.com',
      converted: false,
      language: 'pt-br',
      createdAt: at,
      updatedAt: at,
      __v: 0,
    },
    {
      _id: new mongoose.Types.ObjectId(),
      email: 'legacy.bo@example.com',
      converted: true,
      language: 'en',
      createdAt: at,
      updatedAt: at,
      __v: 0,
    },
  ];
  const start = () =>
    startApp(marketingService, {
      MONGODB_DB: dbName,
      CLIENT_CREATED_TOPIC: topic,
      KAFKA_GROUP_ID: uniqueName('marketing'),
    });

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(process.env.MONGODB_URL!, { dbName, retryWrites: false })
      .asPromise();
    await connection.collection('leads').insertMany(seeded);
    // The original's Mongoose schema declared `email` unique.
    await connection.collection('leads').createIndex({ email: 1 }, { unique: true, background: true });
    const first = await start();
    afterFirst = await mongoSnapshot(connection);
    await first.close();
    app = await start();
    afterSecond = await mongoSnapshot(connection);
    admin = await adminToken();
  }, 60_000);

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
    await app?.close();
  });

  it('keeps every lead as the original wrote it, adding only its email key', () => {
    const leads = afterFirst.leads!.documents;
    expect(leads).toHaveLength(seeded.length);
    for (const lead of seeded) {
      const stored = leads.find((l) => String(l._id) === String(lead._id));
      expect(stored).toEqual({ ...lead, emailKey: lead.email.toLowerCase() });
    }
  });

  it('a second start changes nothing', () => {
    expect(afterSecond).toEqual(afterFirst);
  });

  it('gives the old documents their email key at start-up: found whatever the case, duplicates refused', async () => {
    const res = await http.call('GET', '/leads/legacy.ana@example.com', { token: admin });
    expect(res.status).toBe(200);
    expect(res.json<Lead>()).toEqual({
      id: String(seeded[0]!._id),
      email: 'Legacy.Ana@Example.com',
      converted: false,
      language: 'pt-br',
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
    });
    const dup = await http.postLead({ email: 'LEGACY.ANA@example.com', language: 'pt', converted: false });
    expect(dup.status).toBe(409);
    const indexes = await connection.collection('leads').indexes();
    expect(indexes).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: { emailKey: 1 }, unique: true })]),
    );
  });

  it('lists the old leads with the new, converted ones as converted', async () => {
    const res = await http.call('GET', '/leads?converted=true', { token: admin });
    expect(res.status).toBe(200);
    expect(res.json<Lead[]>().map((l) => l.email)).toContain('legacy.bo@example.com');
  });

  it('counts the old leads in the stats, of no origin', async () => {
    const res = await http.call('GET', '/leads/stats?to=2024-12-31T00:00:00Z', { token: admin });
    expect(res.status).toBe(200);
    const stats = res.json<Stats>();
    expect(stats).toMatchObject({ total: 2, converted: 1 });
    expect(stats.byOrigin).toEqual([expect.objectContaining({ origin: null, total: 2, converted: 1 })]);
  });

  it('converts an old lead on CLIENT_CREATED, and its updatedAt moves at last', async () => {
    await produce(topic, [
      {
        key: 'k',
        value: JSON.stringify({ email: 'legacy.ana@example.com' }),
        headers: { 'message-id': randomUUID() },
      },
    ]);
    const lead = await eventually(
      async () => (await http.call('GET', '/leads/legacy.ana@example.com', { token: admin })).json<Lead>(),
      (l) => l.converted,
      { timeoutMs: 60_000 },
    );
    expect(lead.converted).toBe(true);
    expect(Date.parse(lead.updatedAt)).toBeGreaterThan(at.getTime());
    expect(lead.convertedAt).toBe(lead.updatedAt);
  });
});

describe("marketing over original leads that differ only by their email's letter case", () => {
  const dbName = uniqueName('marketing_case_clash');
  let connection: mongoose.Connection;

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  it('refuses to start, naming the leads', async () => {
    connection = await mongoose
      .createConnection(process.env.MONGODB_URL!, { dbName, retryWrites: false })
      .asPromise();
    const at = new Date('2024-03-01T10:00:00Z');
    const leads = ['Ana@Example.com', 'ana@example.com'].map((email) => ({
      _id: new mongoose.Types.ObjectId(),
      email,
      converted: false,
      language: 'pt-br',
      createdAt: at,
      updatedAt: at,
      __v: 0,
    }));
    await connection.collection('leads').insertMany(leads);
    await expect(
      startApp(marketingService, {
        MONGODB_DB: dbName,
        CLIENT_CREATED_TOPIC: uniqueName('CLIENT_CREATED_TOPIC'),
        KAFKA_GROUP_ID: uniqueName('marketing'),
      }),
    ).rejects.toThrow(
      new RegExp(
        `leads whose emails differ only by letter case.*${String(leads[0]!._id)} = ${String(leads[1]!._id)}`,
      ),
    );
  });
});
