import { randomBytes, randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { deadLetterTopic } from '@event-tickets/contracts';
import {
  KafkaClient,
  KafkaPublisher,
  PostgresOutboxRelay,
  type PublishRecord,
} from '@event-tickets/service-kit';
import {
  createTestDatabase,
  eventually,
  produce,
  queryDatabase,
  readTopic,
  type Received,
  type RunningApp,
  startApp,
  tcpProxy,
  type TcpProxy,
  testKafka,
  uniqueName,
} from '@event-tickets/testing';
import { LedgerWriter, ledgerService } from '../fixtures/ledger.app';

/**
 * The relay and the dead-letter path against the broker's size limit (the local broker runs Kafka's defaults:
 * message.max.bytes 1 MiB). Fillers are random base64, which gzip shrinks only by a quarter, so the
 * sizes below stay meaningful after compression.
 */
const filler = (chars: number) =>
  randomBytes(Math.ceil((chars * 3) / 4))
    .toString('base64')
    .slice(0, chars);
const seqOf = (email: string) => Number(email.split('-').pop()!.split('@')[0]);

interface OutboxState {
  email: string;
  published: boolean;
  parked: boolean;
  park_reason: string | null;
  attempts: number;
  last_error: string | null;
}

const outbox = (db: string, run: string) =>
  queryDatabase<OutboxState>(
    db,
    `SELECT payload->>'email' AS email, published_at IS NOT NULL AS published, parked_at IS NOT NULL AS parked,
            park_reason, attempts, last_error
     FROM outbox_messages WHERE payload->>'email' LIKE $1 ORDER BY seq`,
    [`${run}-%`],
  );

/** Every send the relay makes, and which ones Kafka refused. */
function watchSends(app: RunningApp) {
  const publisher = app.app.get(KafkaPublisher);
  const original = publisher.send.bind(publisher);
  const sends: { records: number; error?: string }[] = [];
  jest.spyOn(publisher, 'send').mockImplementation(async (records: PublishRecord[]) => {
    const entry: { records: number; error?: string } = { records: records.length };
    sends.push(entry);
    try {
      await original(records);
    } catch (error) {
      entry.error = (error as Error).message;
      throw error;
    }
  });
  return sends;
}

function expectOrderPerKey(received: Received[], keys: string[]) {
  for (const key of keys) {
    const seqs = received.filter((m) => m.key === key).map((m) => seqOf(String(m.json().email)));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  }
}

describe('outbox relay within the broker size limit (PostgreSQL, Kafka)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let topic: string;
  let app: RunningApp;
  let writer: LedgerWriter;

  beforeAll(async () => {
    db = await createTestDatabase('relay_limits');
    topic = uniqueName('CLIENT_CREATED_TOPIC');
    app = await startApp(ledgerService, {
      DB_NAME: db.name,
      CLIENT_CREATED_TOPIC: topic,
      KAFKA_GROUP_ID: uniqueName('relay-limits'),
      KAFKA_TOPIC_PARTITIONS: '3',
      LOG_LEVEL: 'error',
    });
    writer = app.app.get(LedgerWriter);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await app?.close();
    await db?.drop();
  });

  it('publishes 450 messages of ~32 KB (four copies of an 8,000-character description) without one refused send', async () => {
    const run = uniqueName('big');
    const keys = Array.from({ length: 10 }, (_, k) => `${run}-key-${k}`);
    const sends = watchSends(app);
    // The whole backlog is written before the relay looks, so it claims all 450 rows (~14 MB) at once.
    const relay = app.app.get(PostgresOutboxRelay);
    await relay.stop();
    for (let batch = 0; batch < 9; batch += 1) {
      const emails = Array.from({ length: 50 }, (_, i) => `${run}-${batch * 50 + i}@example.com`);
      await writer.write(emails, { key: (e) => keys[seqOf(e) % 10]!, name: () => filler(32_000) });
    }
    relay.start();
    const done = await eventually(
      () => outbox(db.name, run),
      (rows) => rows.every((r) => r.published),
      { timeoutMs: 90_000 },
    );
    expect(done).toHaveLength(450);
    expect(done.filter((r) => !r.published)).toEqual([]);
    // Each row went out on its first try, and Kafka refused no send.
    expect(done.filter((r) => r.attempts !== 1 || r.last_error !== null)).toEqual([]);
    expect(sends.filter((s) => s.error)).toEqual([]);
    expect(sends.length).toBeGreaterThan(450 / 17); // 450 × 32 KB cannot go in one send

    const ours = (ms: Received[]) => ms.filter((m) => String(m.json().email).startsWith(`${run}-`));
    const received = ours(await readTopic(topic, (ms) => ours(ms).length >= 450, 60_000));
    expect(new Set(received.map((m) => m.json().email)).size).toBe(450);
    expectOrderPerKey(received, keys);
  }, 180_000);

  it('parks a message larger than the broker accepts, with its reason, and publishes the ones after it', async () => {
    const run = uniqueName('huge');
    const key = `${run}-key`;
    const other = `${run}-other`;
    const email = (i: number) => `${run}-${i}@example.com`;
    await writer.write([email(0), email(1)], { key: () => key, name: () => filler(1000) });
    // ~2 MB of random text: about 1.5 MB after gzip, over the broker's 1 MiB.
    await writer.write([email(2)], { key: () => key, name: () => filler(2_000_000) });
    await writer.write([email(3), email(4)], { key: () => key, name: () => filler(1000) });
    await writer.write([email(5), email(6)], { key: () => other, name: () => filler(1000) });

    const rows = await eventually(
      () => outbox(db.name, run),
      (all) => all.every((r) => r.published || r.parked),
      { timeoutMs: 60_000 },
    );
    expect(rows.map((r) => [seqOf(r.email), r.published, r.parked])).toEqual([
      [0, true, false],
      [1, true, false],
      [2, false, true],
      [3, true, false],
      [4, true, false],
      [5, true, false],
      [6, true, false],
    ]);
    expect(rows[2]!.park_reason).toMatch(/^MESSAGE_TOO_LARGE: /);

    const ours = (ms: Received[]) => ms.filter((m) => String(m.json().email).startsWith(`${run}-`));
    const received = ours(await readTopic(topic, (ms) => ours(ms).length >= 6, 60_000));
    expect(received.filter((m) => m.key === key).map((m) => seqOf(String(m.json().email)))).toEqual([
      0, 1, 3, 4,
    ]);
    expect(received.filter((m) => m.key === other).map((m) => seqOf(String(m.json().email)))).toEqual([5, 6]);

    const metric = await eventually(
      async () =>
        (await (await fetch(`${app.url}/metrics`)).text()).match(/^outbox_parked_messages\{.*$/m)?.[0],
      (line) => line !== undefined,
    );
    expect(metric).toContain(`topic="${topic}"`);
    expect(metric).toMatch(/\} 1$/);

    // The operator's re-queue (docs/delivery-guarantees.md): tried again, and parked again, since
    // the broker's limit did not change; a later message of its key waits for that, then goes.
    await queryDatabase(
      db.name,
      `UPDATE outbox_messages SET parked_at = NULL, park_reason = NULL, available_at = now()
       WHERE parked_at IS NOT NULL AND payload->>'email' = $1`,
      [email(2)],
    );
    await writer.write([`${run}-7@example.com`], { key: () => key });
    const again = await eventually(
      () => outbox(db.name, run),
      (all) => all[2]!.parked && all[7]?.published === true,
      { timeoutMs: 30_000 },
    );
    expect(again[2]).toMatchObject({ parked: true, attempts: 2 });
  }, 180_000);
});

describe('outbox relay after Kafka was unreachable, with a big backlog', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let topic: string;
  let app: RunningApp;
  let proxy: TcpProxy;

  beforeAll(async () => {
    db = await createTestDatabase('relay_outage');
    topic = uniqueName('CLIENT_CREATED_TOPIC');
    proxy = await tcpProxy(9092);
    app = await startApp(ledgerService, {
      DB_NAME: db.name,
      CLIENT_CREATED_TOPIC: topic,
      KAFKA_GROUP_ID: uniqueName('relay-outage'),
      KAFKA_TOPIC_PARTITIONS: '3',
      LOG_LEVEL: 'fatal',
    });
    // The broker advertises 127.0.0.1:9092, so a proxy in front of the bootstrap address alone would
    // be bypassed: every connection of the relay's producer (made at its first send, after this)
    // goes through the proxy instead. The shared broker itself is never stopped.
    const viaProxy = new Kafka({
      clientId: 'relay-outage',
      brokers: [`127.0.0.1:${proxy.port}`],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3000,
      requestTimeout: 10000,
      retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 10000 },
      socketFactory: ({ onConnect }) => connect({ host: '127.0.0.1', port: proxy.port }, onConnect),
    });
    Object.assign(app.app.get(KafkaClient), { kafka: viaProxy });
  });

  afterAll(async () => {
    await app?.close();
    await proxy?.close();
    await db?.drop();
  });

  it('publishes every message, in order per key, none parked, once Kafka answers again', async () => {
    const run = uniqueName('backlog');
    const keys = Array.from({ length: 20 }, (_, k) => `${run}-key-${k}`);
    const writer = app.app.get(LedgerWriter);
    proxy.down();
    const total = 1800;
    for (let batch = 0; batch < total / 50; batch += 1) {
      const emails = Array.from({ length: 50 }, (_, i) => `${run}-${batch * 50 + i}@example.com`);
      await writer.write(emails, { key: (e) => keys[seqOf(e) % 20]!, name: () => filler(8000) });
    }
    // The relay tries, fails and records it; nothing is parked for an outage.
    const failing = await eventually(
      () => outbox(db.name, run),
      (rows) => rows.some((r) => r.last_error !== null),
      { timeoutMs: 90_000 },
    );
    expect(failing.filter((r) => r.published)).toEqual([]);
    expect(failing.filter((r) => r.parked)).toEqual([]);
    proxy.up();

    const done = await eventually(
      () => outbox(db.name, run),
      (rows) => rows.every((r) => r.published || r.parked),
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    expect(done.filter((r) => !r.published)).toEqual([]);
    const ours = (ms: Received[]) => ms.filter((m) => String(m.json().email).startsWith(`${run}-`));
    const received = ours(await readTopic(topic, (ms) => ours(ms).length >= total, 90_000));
    expect(new Set(received.map((m) => m.json().email)).size).toBe(total);
    expectOrderPerKey(received, keys);
  }, 360_000);
});

describe('dead letters within the broker size limit', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const apps: RunningApp[] = [];

  /** The ledger app on a new topic whose dead-letter topic takes batches of at most `dlqMaxBytes`. */
  async function ledgerWithSmallDlq(dlqMaxBytes: number): Promise<{ topic: string; app: RunningApp }> {
    const topic = uniqueName('CLIENT_CREATED_TOPIC');
    const admin = testKafka().admin();
    await admin.connect();
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic: deadLetterTopic(topic),
            numPartitions: 1,
            configEntries: [{ name: 'max.message.bytes', value: String(dlqMaxBytes) }],
          },
        ],
      });
    } finally {
      await admin.disconnect();
    }
    const app = await startApp(ledgerService, {
      DB_NAME: db.name,
      CLIENT_CREATED_TOPIC: topic,
      KAFKA_GROUP_ID: uniqueName('dlq-limits'),
      KAFKA_TOPIC_PARTITIONS: '1',
      KAFKA_DEAD_LETTER_ATTEMPTS: '3',
      LOG_LEVEL: 'fatal',
    });
    apps.push(app);
    return { topic, app };
  }

  const effects = (email: string) =>
    eventually(
      () =>
        queryDatabase<{ n: number }>(
          db.name,
          `SELECT count(*)::int AS n FROM ledger_effects WHERE email = $1`,
          [email],
        ).then((rows) => rows[0]!.n),
      (n) => n === 1,
      { timeoutMs: 60_000 },
    );

  beforeAll(async () => {
    db = await createTestDatabase('dlq_limits');
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await db?.drop();
  });

  it('dead-letters a poison message too large for the DLQ without its value, saying so, and goes on', async () => {
    const { topic } = await ledgerWithSmallDlq(4096);
    const key = uniqueName('poison');
    const next = `${uniqueName('next')}@example.com`;
    await produce(topic, [
      { key, value: `{not json ${filler(20_000)}`, headers: { 'message-id': randomUUID() } },
      { key, value: JSON.stringify({ email: next }), headers: { 'message-id': randomUUID() } },
    ]);
    expect(await effects(next)).toBe(1);
    const dead = await readTopic(deadLetterTopic(topic), (ms) => ms.some((m) => m.key === key));
    const letter = dead.find((m) => m.key === key)!;
    expect(letter.value).toBeNull();
    expect(letter.headers['dlq-reason']).toMatch(
      /^payload is not valid JSON \(value of 20010 bytes left out: MESSAGE_TOO_LARGE: /,
    );
    expect(letter.headers['dlq-original-topic']).toBe(topic);
  }, 120_000);

  it('gives up on a dead letter the DLQ refuses even without its value after KAFKA_DEAD_LETTER_ATTEMPTS, and goes on', async () => {
    const { topic, app } = await ledgerWithSmallDlq(64);
    const key = uniqueName('poison');
    const next = `${uniqueName('next')}@example.com`;
    await produce(topic, [
      { key, value: '{not json', headers: { 'message-id': randomUUID() } },
      { key, value: JSON.stringify({ email: next }), headers: { 'message-id': randomUUID() } },
    ]);
    expect(await effects(next)).toBe(1);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    const failed = metrics
      .split('\n')
      .filter((l) => l.startsWith('messages_consumed_total{') && l.includes(`topic="${topic}"`));
    expect(failed.find((l) => l.includes('outcome="dead_letter_failed"'))).toMatch(/\} 1$/);
    expect(failed.find((l) => l.includes('outcome="dead_lettered"'))).toBeUndefined();
  }, 120_000);
});
