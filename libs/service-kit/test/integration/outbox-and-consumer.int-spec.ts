import { randomUUID } from 'node:crypto';
import { Clients, deadLetterTopic } from '@event-tickets/contracts';
import {
  createTestDatabase,
  eventually,
  produce,
  queryDatabase,
  readTopic,
  type Received,
  type RunningApp,
  stack,
  startApp,
  uniqueName,
} from '@event-tickets/testing';
import { PostgresOutboxRelay } from '@event-tickets/service-kit';
import { LedgerWriter, ledgerService } from '../fixtures/ledger.app';

const effects = (db: string, email?: string) =>
  queryDatabase<{ n: number }>(
    db,
    email
      ? `SELECT count(*)::int AS n FROM ledger_effects WHERE email = $1`
      : `SELECT count(*)::int AS n FROM ledger_effects`,
    email ? [email] : [],
  ).then((rows) => rows[0]!.n);

describe('transactional outbox and idempotent consumer (PostgreSQL, Kafka)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let topic: string;
  let app: RunningApp;
  let writer: LedgerWriter;

  beforeAll(async () => {
    db = await createTestDatabase('ledger');
    topic = uniqueName('CLIENT_CREATED_TOPIC');
    app = await startApp(ledgerService, {
      DB_NAME: db.name,
      CLIENT_CREATED_TOPIC: topic,
      KAFKA_GROUP_ID: uniqueName('ledger'),
      KAFKA_TOPIC_PARTITIONS: '3',
    });
    writer = app.app.get(LedgerWriter);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('publishes what a committed transaction wrote, with metadata headers, and nothing of a rolled-back one', async () => {
    const committed = `${uniqueName('committed')}@example.com`;
    const rolledBack = `${uniqueName('rolledback')}@example.com`;
    await writer.write([committed]);
    await expect(writer.write([rolledBack], { rollback: true })).rejects.toThrow('rolled back on purpose');

    const received = await readTopic(topic, (ms) => ms.some((m) => m.json().email === committed));
    const message = received.find((m) => m.json().email === committed)!;
    expect(message.json()).toEqual({ email: committed });
    expect(message.key).toBe(committed);
    expect(message.headers).toMatchObject({
      'message-type': Clients.ClientCreatedV1.type,
      'schema-version': '1',
      producer: 'ledger',
    });
    expect(message.headers['message-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(message.headers['occurred-at']!).getTime()).toBeGreaterThan(Date.now() - 60_000);

    expect(received.some((m) => m.json().email === rolledBack)).toBe(false);
    const outbox = await queryDatabase(
      db.name,
      `SELECT payload FROM outbox_messages WHERE payload->>'email' = $1`,
      [rolledBack],
    );
    expect(outbox).toHaveLength(0);
    expect(
      await eventually(
        () => effects(db.name, committed),
        (n) => n === 1,
      ),
    ).toBe(1);
  });

  it('has one effect when the same message is delivered twice (our headers, or the original key only)', async () => {
    const ours = `${uniqueName('twice')}@example.com`;
    const original = `${uniqueName('original')}@example.com`;
    const messageId = randomUUID();
    const headers = {
      'message-id': messageId,
      'message-type': Clients.ClientCreatedV1.type,
      'schema-version': '1',
    };
    const originalKey = randomUUID();
    await produce(topic, [
      { key: ours, value: JSON.stringify({ email: ours }), headers },
      { key: originalKey, value: JSON.stringify({ email: original }) },
    ]);
    await produce(topic, [
      { key: ours, value: JSON.stringify({ email: ours }), headers },
      { key: originalKey, value: JSON.stringify({ email: original }) },
    ]);
    const marker = `${uniqueName('marker')}@example.com`;
    await produce(topic, [
      { key: ours, value: JSON.stringify({ email: marker }), headers: { 'message-id': randomUUID() } },
    ]);
    await produce(topic, [
      { key: originalKey, value: JSON.stringify({ email: marker }), headers: { 'message-id': randomUUID() } },
    ]);
    // Both markers follow the duplicates on their partitions: once they are in, the duplicates were seen.
    await eventually(
      () => effects(db.name, marker),
      (n) => n === 2,
    );
    expect(await effects(db.name, ours)).toBe(1);
    expect(await effects(db.name, original)).toBe(1);
    const [row] = await queryDatabase<{ message_id: string }>(
      db.name,
      `SELECT message_id FROM ledger_effects WHERE email = $1`,
      [ours],
    );
    expect(row!.message_id).toBe(messageId);
  });

  it('dead-letters poison messages with the reason and goes on with the next', async () => {
    const key = uniqueName('poison');
    const rejected = `rejected-${uniqueName('r')}@example.com`;
    const next = `${uniqueName('next')}@example.com`;
    await produce(topic, [
      { key, value: '{not json', headers: { 'message-id': randomUUID() } },
      { key, value: JSON.stringify({ name: 'no email' }), headers: { 'message-id': randomUUID() } },
      { key, value: JSON.stringify({ email: rejected }), headers: { 'message-id': randomUUID() } },
      { key, value: JSON.stringify({ email: next }), headers: { 'message-id': randomUUID() } },
    ]);
    expect(
      await eventually(
        () => effects(db.name, next),
        (n) => n === 1,
      ),
    ).toBe(1);
    const dead = await readTopic(deadLetterTopic(topic), (ms) => ms.filter((m) => m.key === key).length >= 3);
    const reasons = dead.filter((m) => m.key === key).map((m) => m.headers['dlq-reason']);
    expect(reasons).toEqual([
      'payload is not valid JSON',
      expect.stringContaining('email'),
      `no ledger for ${rejected}`,
    ]);
    const first = dead.find((m) => m.key === key)!;
    expect(first.value).toBe('{not json');
    expect(first.headers['dlq-original-topic']).toBe(topic);
    expect(await effects(db.name, rejected)).toBe(0);
  });

  it('retries a transient failure without committing, then processes the message once', async () => {
    const flaky = `flaky-${uniqueName('f')}@example.com`;
    await writer.write([flaky]);
    expect(
      await eventually(
        () => effects(db.name, flaky),
        (n) => n === 1,
        { timeoutMs: 20_000 },
      ),
    ).toBe(1);
    const [failures] = await queryDatabase<{ attempts: number }>(
      db.name,
      `SELECT attempts FROM ledger_failures WHERE email = $1`,
      [flaky],
    );
    expect(failures!.attempts).toBe(3);
  });

  it('delivers every message written while Kafka is down, in order per key, once it is back', async () => {
    const run = uniqueName('outage');
    const keys = Array.from({ length: 10 }, (_, k) => `${run}-key-${k}`);
    stack('stop', 'kafka');
    try {
      for (let batch = 0; batch < 10; batch += 1) {
        const emails = Array.from(
          { length: 50 },
          (_, i) => `${run}-${keys[i % 10]}-${batch * 50 + i}@example.com`,
        );
        await writer.write(emails, { key: (email) => keys.find((k) => email.includes(`-${k}-`))! });
      }
      const pending = await queryDatabase<{ n: number }>(
        db.name,
        `SELECT count(*)::int AS n FROM outbox_messages WHERE published_at IS NULL AND payload->>'email' LIKE $1`,
        [`${run}-%`],
      );
      expect(pending[0]!.n).toBe(500);
    } finally {
      stack('start', 'kafka');
    }
    const ours = (ms: Received[]) => ms.filter((m) => String(m.json().email).startsWith(`${run}-`));
    const received = ours(await readTopic(topic, (ms) => ours(ms).length >= 500, 120_000));
    expect(new Set(received.map((m) => m.json().email)).size).toBe(500);
    for (const key of keys) {
      const sequence = received
        .filter((m) => m.key === key)
        .map((m) => Number(String(m.json().email).split('-').pop()!.split('@')[0]));
      expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
      expect(sequence).toHaveLength(50);
    }
    const consumed = await eventually(
      () =>
        queryDatabase<{ n: number }>(
          db.name,
          `SELECT count(*)::int AS n FROM ledger_effects WHERE email LIKE $1`,
          [`${run}-%`],
        ),
      (rows) => rows[0]!.n >= 500,
      { timeoutMs: 60_000 },
    );
    expect(consumed[0]!.n).toBe(500);
  }, 240_000);

  it('publishes every message exactly once in order per key with two relays over one outbox', async () => {
    const second = await startApp(ledgerService, {
      DB_NAME: db.name,
      CLIENT_CREATED_TOPIC: topic,
      KAFKA_GROUP_ID: uniqueName('ledger-second'),
    });
    try {
      const run = uniqueName('tworelays');
      const writers = [writer, second.app.get(LedgerWriter)];
      // Five keys, each written by its own chain of 4 sequential transactions (as one aggregate's
      // writes are serialised by its row lock); the chains run concurrently across both apps.
      await Promise.all(
        Array.from({ length: 5 }, async (_, k) => {
          for (let batch = 0; batch < 4; batch += 1) {
            await writers[(k + batch) % 2]!.write(
              Array.from(
                { length: 50 },
                (_, i) => `${run}-k${k}-${String(batch * 50 + i).padStart(4, '0')}@example.com`,
              ),
              { key: () => `${run}-k${k}` },
            );
          }
        }),
      );
      const ours = (ms: Received[]) => ms.filter((m) => String(m.json().email).startsWith(`${run}-`));
      const received = ours(await readTopic(topic, (ms) => ours(ms).length >= 1000, 60_000));
      expect(received).toHaveLength(1000);
      expect(new Set(received.map((m) => m.headers['message-id'])).size).toBe(1000);
      const order = await queryDatabase<{ email: string }>(
        db.name,
        `SELECT payload->>'email' AS email FROM outbox_messages WHERE payload->>'email' LIKE $1 ORDER BY seq`,
        [`${run}-%`],
      );
      for (let k = 0; k < 5; k += 1) {
        const written = order.map((r) => r.email).filter((e) => e.includes(`-k${k}-`));
        const arrived = received.map((m) => String(m.json().email)).filter((e) => e.includes(`-k${k}-`));
        expect(arrived).toEqual(written);
      }
    } finally {
      await second.close();
    }
  }, 120_000);

  it('publishes at shutdown what the last transactions wrote, after the consumers have stopped', async () => {
    // Its own database: the suite's app would relay a shared outbox's rows itself.
    const own = await createTestDatabase('ledger_last');
    const last = await startApp(ledgerService, {
      DB_NAME: own.name,
      CLIENT_CREATED_TOPIC: topic,
      KAFKA_GROUP_ID: uniqueName('ledger'),
      OUTBOX_POLL_INTERVAL_MS: '600000',
    });
    let closed = false;
    try {
      // The relay is idle (as between polls): these commits wait in the outbox when the app stops.
      await last.app.get(PostgresOutboxRelay).stop();
      const emails = [1, 2, 3].map((i) => `${uniqueName(`last${i}`)}@example.com`);
      await last.app.get(LedgerWriter).write(emails);
      const waiting = await queryDatabase<{ n: number }>(
        own.name,
        `SELECT count(*)::int AS n FROM outbox_messages WHERE published_at IS NULL AND payload->>'email' = ANY($1)`,
        [emails],
      );
      expect(waiting[0]!.n).toBe(3);
      await last.close();
      closed = true;
      const left = await queryDatabase<{ n: number }>(
        own.name,
        `SELECT count(*)::int AS n FROM outbox_messages WHERE published_at IS NULL AND payload->>'email' = ANY($1)`,
        [emails],
      );
      expect(left[0]!.n).toBe(0);
      const received = await readTopic(topic, (ms) =>
        emails.every((e) => ms.some((m) => m.json().email === e)),
      );
      expect(emails.filter((e) => received.some((m) => m.json().email === e))).toEqual(emails);
    } finally {
      if (!closed) await last.close();
      await own.drop();
    }
  }, 60_000);
});
