import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { eventually, produce, type RunningApp, startApp, uniqueName } from '@event-tickets/testing';
import { marketingService } from '../../src/marketing.service-definition';
import { adminToken, type Lead, marketingHttp } from '../support/marketing-http';

describe("marketing over the original's leads collection (Mongo-wire server)", () => {
  const dbName = uniqueName('marketing_legacy');
  const topic = uniqueName('CLIENT_CREATED_TOPIC');
  let connection: mongoose.Connection;
  let app: RunningApp;
  let admin: string;
  const http = marketingHttp(() => app.url);
  const at = new Date('2024-03-01T10:00:00Z');

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(process.env.MONGODB_URL!, { dbName, retryWrites: false })
      .asPromise();
    // Documents as the original wrote them: no emailKey, `pt-br`, `__v`.
    await connection.collection('leads').insertMany([
      {
        email: 'Legacy.Ana@Example.com',
        converted: false,
        language: 'pt-br',
        createdAt: at,
        updatedAt: at,
        __v: 0,
      },
      {
        email: 'legacy.bo@example.com',
        converted: true,
        language: 'pt-br',
        createdAt: at,
        updatedAt: at,
        __v: 0,
      },
    ]);
    app = await startApp(marketingService, {
      MONGODB_DB: dbName,
      CLIENT_CREATED_TOPIC: topic,
      KAFKA_GROUP_ID: uniqueName('marketing'),
    });
    admin = await adminToken();
  });

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
    await app?.close();
  });

  it('gives the old documents their email key at start-up: found whatever the case, duplicates refused', async () => {
    const res = await http.call('GET', '/leads/legacy.ana@example.com', { token: admin });
    expect(res.status).toBe(200);
    expect(res.json<Lead>()).toEqual({
      id: expect.any(String),
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
