import { randomUUID } from 'node:crypto';
import { deadLetterTopic } from '@event-tickets/contracts';
import {
  createTestDatabase,
  eventually,
  produce,
  queryDatabase,
  readTopic,
  type RunningApp,
  startApp,
  uniqueName,
} from '@event-tickets/testing';
import { ledgerService } from '../fixtures/ledger.app';

/**
 * A backlog is consumed in units of several messages: one transaction per unit (inbox rows, effects,
 * outbox rows, one commit). A unit with a failing message is handled again one message at a time, so
 * the failing one goes alone to the dead-letter topic and the others take effect once.
 */
describe('consumer batches (PostgreSQL, Kafka)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let topic: string;
  let app: RunningApp;

  beforeAll(async () => {
    db = await createTestDatabase('ledger');
    topic = uniqueName('CLIENT_CREATED_TOPIC');
    app = await startApp(ledgerService, {
      DB_NAME: db.name,
      CLIENT_CREATED_TOPIC: topic,
      KAFKA_GROUP_ID: uniqueName('ledger'),
      KAFKA_TOPIC_PARTITIONS: '1',
      KAFKA_CONSUMER_BATCH_SIZE: '25',
    });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const batchMetric = async (outcome: string) => {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    const line = text
      .split('\n')
      .find(
        (l) =>
          l.startsWith('kafka_consumer_batches_total{') &&
          l.includes(`outcome="${outcome}"`) &&
          l.includes(`topic="${topic}"`),
      );
    return Number(line?.split(' ').pop() ?? 0);
  };

  const send = (key: string, emails: string[]) =>
    produce(
      topic,
      emails.map((email) => ({
        key,
        value: JSON.stringify({ email }),
        headers: { 'message-id': randomUUID() },
      })),
    );

  /** Effects of the messages `send(run, ...)` wrote, whose emails start with `<run>-`. */
  const effectsOf = (run: string) =>
    queryDatabase<{ n: number }>(
      db.name,
      `SELECT count(*)::int AS n FROM ledger_effects WHERE email LIKE $1`,
      [`${run}-%`],
    ).then((r) => r[0]!.n);

  it('commits a backlog in transactions of at most KAFKA_CONSUMER_BATCH_SIZE messages, each effect once', async () => {
    const run = uniqueName('backlog');
    const emails = Array.from({ length: 60 }, (_, i) => `${run}-${i}@example.com`);
    await send(run, emails);
    await eventually(
      () => effectsOf(run),
      (n) => n === 60,
    );
    // now() is the transaction's start: rows recorded by one transaction share it.
    const units = await queryDatabase<{ at: string; n: number }>(
      db.name,
      `SELECT processed_at::text AS at, count(*)::int AS n FROM inbox_messages WHERE topic = $1
       GROUP BY processed_at ORDER BY min(processed_at)`,
      [topic],
    );
    expect(units.reduce((n, u) => n + u.n, 0)).toBe(60);
    expect(units.length).toBeLessThan(60);
    expect(Math.max(...units.map((u) => u.n))).toBeLessThanOrEqual(25);
    expect(Math.max(...units.map((u) => u.n))).toBeGreaterThan(1);
    expect(await batchMetric('committed')).toBeGreaterThan(0);
    const doubled = await queryDatabase<{ n: number }>(
      db.name,
      `SELECT count(*)::int AS n FROM (SELECT email FROM ledger_effects GROUP BY email HAVING count(*) > 1) d`,
    );
    expect(doubled[0]!.n).toBe(0);
  });

  it('handles a unit with a failing message again one at a time: that one dead-lettered alone, the rest once', async () => {
    const run = uniqueName('mixed');
    const rejected = `rejected-${run}@example.com`;
    const emails = Array.from({ length: 20 }, (_, i) => (i === 7 ? rejected : `${run}-${i}@example.com`));
    const fallbacksBefore = await batchMetric('fallback');
    await send(run, emails);
    await eventually(
      () => effectsOf(run),
      (n) => n === 19,
    );
    const dead = await readTopic(deadLetterTopic(topic), (ms) => ms.some((m) => m.key === run));
    const letters = dead.filter((m) => m.key === run);
    expect(letters).toHaveLength(1);
    expect(letters[0]!.headers['dlq-reason']).toBe(`no ledger for ${rejected}`);
    expect(await batchMetric('fallback')).toBeGreaterThan(fallbacksBefore);
    const rows = await queryDatabase<{ n: number }>(
      db.name,
      `SELECT count(*)::int AS n FROM ledger_effects WHERE email LIKE $1 OR email = $2`,
      [`${run}-%`, rejected],
    );
    expect(rows[0]!.n).toBe(19);
  });
});
