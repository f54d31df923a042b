import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import {
  createTestDatabase,
  eventually,
  queryDatabase,
  type RunningApp,
  startApp,
  uniqueName,
} from '@event-tickets/testing';
import { LedgerWriter, ledgerService } from '../fixtures/ledger.app';

const root = resolve(__dirname, '../../../..');

/** The ledger consumer as its own OS process, so it can be SIGKILLed like a crashed pod. */
function startConsumerProcess(env: Record<string, string>): ChildProcess {
  return spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'libs/service-kit/test/fixtures/ledger.main.ts'],
    {
      cwd: root,
      env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

const count = (db: string, sql: string) => queryDatabase<{ n: number }>(db, sql).then((r) => r[0]!.n);

describe('a consumer killed mid-stream', () => {
  let producerDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let consumerDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let producer: RunningApp;
  let child: ChildProcess | undefined;

  afterAll(async () => {
    child?.kill('SIGKILL');
    await producer?.close();
    await producerDb?.drop();
    await consumerDb?.drop();
  });

  it('loses nothing and doubles nothing after a SIGKILL and a restart', async () => {
    producerDb = await createTestDatabase('crash_producer');
    consumerDb = await createTestDatabase('crash_consumer');
    const topic = uniqueName('CLIENT_CREATED_TOPIC');
    producer = await startApp(ledgerService, {
      DB_NAME: producerDb.name,
      CLIENT_CREATED_TOPIC: topic,
      KAFKA_GROUP_ID: uniqueName('crash-producer-side'),
      KAFKA_TOPIC_PARTITIONS: '3',
    });
    const consumerEnv = {
      DB_NAME: consumerDb.name,
      CLIENT_CREATED_TOPIC: topic,
      KAFKA_GROUP_ID: uniqueName('crash-consumer'),
      KAFKA_SESSION_TIMEOUT_MS: '6000',
    };
    child = startConsumerProcess(consumerEnv);

    const total = 600;
    const writer = producer.app.get(LedgerWriter);
    const writeBatches = async (from: number, to: number) => {
      for (let batch = from; batch < to; batch += 1) {
        await writer.write(
          Array.from({ length: 50 }, (_, i) => `crash-${batch * 50 + i}@example.com`),
          {
            key: (email) => `k${Number(email.split('-')[1]!.split('@')[0]) % 7}`,
          },
        );
      }
    };
    await writeBatches(0, 6);
    const effects = `SELECT count(*)::int AS n FROM ledger_effects`;
    const midway = await eventually(
      () => count(consumerDb.name, effects).catch(() => 0),
      (n) => n >= 100,
      { timeoutMs: 60_000 },
    );
    expect(midway).toBeGreaterThanOrEqual(100);
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    const atKill = await count(consumerDb.name, effects);
    await writeBatches(6, total / 50);

    child = startConsumerProcess(consumerEnv);
    const final = await eventually(
      () => count(consumerDb.name, effects),
      (n) => n >= total,
      { timeoutMs: 90_000 },
    );
    // Let any redelivery of the uncommitted tail arrive before counting doubles.
    await new Promise((r) => setTimeout(r, 3000));
    expect(atKill).toBeLessThan(total);
    expect(final).toBe(total);
    expect(await count(consumerDb.name, effects)).toBe(total);
    expect(await count(consumerDb.name, `SELECT count(DISTINCT email)::int AS n FROM ledger_effects`)).toBe(
      total,
    );
  }, 240_000);
});
