/**
 * Purchases through the whole payments pipeline, against real events and payments processes (the
 * local stack's PostgreSQL, Kafka and SMTP catcher). Prints numbers; a purchase counts when its
 * PAYMENT_SUCCEEDED_TOPIC message arrives.
 *
 *   node -r @swc-node/register apps/payments/test/bench/payments-pipeline.bench.ts
 *
 * Two phases: saturation (BENCH_PURCHASES purchases by BENCH_CONCURRENCY buyers as fast as they are
 * answered: the pipeline's throughput, and the CPU each process spent per purchase), then a steady
 * rate below saturation (BENCH_RATE purchases/s for BENCH_SECONDS: POST → PAYMENT_SUCCEEDED latency
 * without queueing).
 *
 * BENCH_PURCHASES (2000), BENCH_CONCURRENCY (32), BENCH_RATE (40), BENCH_SECONDS (20),
 * BENCH_PARTITIONS (3), BENCH_GATEWAY_LATENCY_MS (0), BENCH_DB_POOL_SIZE (payments' pool, 20).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  createTestDatabase,
  ensureTestKeys,
  queryDatabase,
  signToken,
  STACK_DEFAULTS,
  testKafka,
  uniqueName,
} from '@event-tickets/testing';
import { type ChildApp, startChildApp } from '../support/child-app';

const PURCHASES = Number(process.env.BENCH_PURCHASES ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const PARTITIONS = process.env.BENCH_PARTITIONS ?? '3';
const GATEWAY_LATENCY_MS = process.env.BENCH_GATEWAY_LATENCY_MS ?? '0';
const DB_POOL_SIZE = process.env.BENCH_DB_POOL_SIZE ?? '20';
const RATE = Number(process.env.BENCH_RATE ?? 40);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP = 100;
const INTERNAL = 'bench-internal-token-0123456789';

for (const [k, v] of Object.entries(STACK_DEFAULTS)) process.env[k] ??= v;
process.env.LOG_LEVEL = 'warn';
ensureTestKeys();

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
const summary = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const f = (n: number | undefined) => (n === undefined ? '-' : `${n.toFixed(1)} ms`);
  return `p50 ${f(percentile(s, 50))}  p95 ${f(percentile(s, 95))}  p99 ${f(percentile(s, 99))}  max ${f(s[s.length - 1])}`;
};

/** CPU milliseconds (user + system) a process has used so far, from /proc (Linux; 0 elsewhere). */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

/** BENCH_SAMPLE=1: where the purchases are, every 2 s (payments' own tables). */
async function sample(database: string): Promise<void> {
  const [row] = await queryDatabase<Record<string, number>>(
    database,
    `SELECT (SELECT count(*)::int FROM payments) AS payments,
            (SELECT count(*)::int FROM transactions) AS transactions,
            (SELECT count(*)::int FROM transactions WHERE status <> 'PENDING') AS charged,
            (SELECT count(*)::int FROM payments WHERE status <> 'PENDING') AS settled,
            (SELECT count(*)::int FROM outbox_messages WHERE published_at IS NULL) AS outbox,
            (SELECT count(*)::int FROM emails WHERE status = 'PENDING') AS emails`,
  );
  console.log(
    `  [sample] ${Object.entries(row ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
}

async function main() {
  execFileSync('bash', [resolve(__dirname, '../../../../scripts/stack/stack.sh'), 'up'], {
    stdio: 'inherit',
  });
  const topics = {
    PAYMENT_CREATED_TOPIC: uniqueName('BENCH_PAYMENT_CREATED'),
    TRANSACTION_CREATED_TOPIC: uniqueName('BENCH_TRANSACTION_CREATED'),
    TRANSACTION_SUCCEEDED_TOPIC: uniqueName('BENCH_TRANSACTION_SUCCEEDED'),
    TRANSACTION_FAILED_TOPIC: uniqueName('BENCH_TRANSACTION_FAILED'),
    PAYMENT_SUCCEEDED_TOPIC: uniqueName('BENCH_PAYMENT_SUCCEEDED'),
    PAYMENT_FAILED_TOPIC: uniqueName('BENCH_PAYMENT_FAILED'),
  };
  const eventsDb = await createTestDatabase('bench_events');
  const paymentsDb = await createTestDatabase('bench_payments');
  const apps: ChildApp[] = [];
  const succeeded = new Map<string, number>();
  const reader = testKafka().consumer({ groupId: uniqueName('bench_reader'), maxWaitTimeInMs: 100 });
  try {
    const common = {
      NODE_ENV: 'production',
      KAFKA_TOPIC_PARTITIONS: PARTITIONS,
      INTERNAL_API_TOKEN: INTERNAL,
    };
    const events = await startChildApp('events', {
      ...common,
      DB_NAME: eventsDb.name,
      KAFKA_GROUP_ID: uniqueName('bench_events'),
      PAYMENT_SUCCEEDED_TOPIC: topics.PAYMENT_SUCCEEDED_TOPIC,
      PAYMENT_FAILED_TOPIC: topics.PAYMENT_FAILED_TOPIC,
    });
    apps.push(events);
    const payments = await startChildApp('payments', {
      ...common,
      ...topics,
      DB_NAME: paymentsDb.name,
      KAFKA_GROUP_ID: uniqueName('bench_payments'),
      KAFKA_GROUP_PREFIX: `${uniqueName('bench')}-`,
      EVENTS_URL: events.url,
      GATEWAY_LATENCY_MS,
      PURCHASE_RATE_LIMIT_PER_MINUTE: '100000000',
      DB_POOL_SIZE,
    });
    apps.push(payments);

    const admin = await signToken({ id: 'bench-admin', email: 'admin@example.com', role: 'ADMIN' });
    const created = await fetch(`${events.url}/events/admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({
        name: 'Bench Fest',
        description: 'load',
        image_url: 'https://img.example.com/b.png',
        price: 10,
        currency: 'BRL',
        event_date: '2030-01-01T20:00:00Z',
      }),
    });
    const eventId = ((await created.json()) as { id: number }).id;
    const buyers = await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, i) => {
        const email = `bench-${i}-${Date.now()}@example.com`;
        return { email, token: await signToken({ id: `bench-${i}`, email, role: 'PUBLIC' }) };
      }),
    );

    await reader.connect();
    await reader.subscribe({ topic: topics.PAYMENT_SUCCEEDED_TOPIC, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        const id = message.key?.toString();
        if (id && !succeeded.has(id)) succeeded.set(id, performance.now());
      },
    });

    const posted = new Map<string, number>();
    const postLatency: number[] = [];
    let failures = 0;
    const buy = async (buyer: { email: string; token: string }) => {
      const started = performance.now();
      const res = await fetch(`${payments.url}/payments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${buyer.token}` },
        body: JSON.stringify({
          user_name: 'Bench',
          user_email: buyer.email,
          event_id: String(eventId),
          payment_token: 'TOKEN123',
        }),
      });
      const body = (await res.json()) as { payment_id?: string };
      if (res.status !== 201 || !body.payment_id) {
        failures += 1;
        return;
      }
      postLatency.push(performance.now() - started);
      posted.set(body.payment_id, started);
    };
    const run = async (count: number) => {
      let next = 0;
      await Promise.all(
        buyers.map(async (buyer) => {
          while (next < count) {
            next += 1;
            await buy(buyer);
          }
        }),
      );
    };
    const waitAll = async (ids: string[], timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (ids.some((id) => !succeeded.has(id)) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
    };

    console.log(`\n[bench] warm-up: ${WARMUP} purchases`);
    await run(WARMUP);
    await waitAll([...posted.keys()], 120_000);
    posted.clear();
    postLatency.length = 0;

    console.log(
      `[bench] saturation: ${PURCHASES} purchases, ${CONCURRENCY} concurrent buyers, ${PARTITIONS} partitions, gateway latency ${GATEWAY_LATENCY_MS} ms`,
    );
    const cpuBefore = { payments: cpuMs(payments.pid), events: cpuMs(events.pid) };
    const sampler = process.env.BENCH_SAMPLE
      ? setInterval(() => void sample(paymentsDb.name), 2000)
      : undefined;
    const start = performance.now();
    await run(PURCHASES);
    const postsDone = performance.now();
    const ids = [...posted.keys()];
    await waitAll(ids, 300_000);
    const done = ids.filter((id) => succeeded.has(id));
    const last = Math.max(...done.map((id) => succeeded.get(id) ?? 0));
    const endToEnd = done.map((id) => (succeeded.get(id) ?? 0) - (posted.get(id) ?? 0));
    clearInterval(sampler);
    await new Promise((r) => setTimeout(r, 3000)); // the approval emails of the last purchases
    const cpu = {
      payments: (cpuMs(payments.pid) - cpuBefore.payments) / ids.length,
      events: (cpuMs(events.pid) - cpuBefore.events) / ids.length,
    };

    console.log('\n[bench] saturation results');
    console.log(`  accepted (201)            ${ids.length} of ${PURCHASES} (${failures} failed)`);
    console.log(
      `  POST /payments            ${(ids.length / ((postsDone - start) / 1000)).toFixed(1)} req/s   ${summary(postLatency)}`,
    );
    console.log(`  completed (SUCCEEDED)     ${done.length} of ${ids.length}`);
    console.log(
      `  pipeline throughput       ${(done.length / ((last - start) / 1000)).toFixed(1)} purchases/s (first POST → last PAYMENT_SUCCEEDED)`,
    );
    console.log(`  POST → PAYMENT_SUCCEEDED  ${summary(endToEnd)} (includes queueing)`);
    console.log(
      `  CPU per purchase          payments ${cpu.payments.toFixed(1)} ms, events ${cpu.events.toFixed(1)} ms (incl. emails, hold confirmation)`,
    );

    console.log(`\n[bench] steady rate: ${RATE} purchases/s for ${SECONDS} s`);
    posted.clear();
    postLatency.length = 0;
    const steadyStart = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < RATE * SECONDS; i += 1) {
      const due = steadyStart + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inFlight.push(buy(buyers[i % buyers.length]!));
    }
    await Promise.all(inFlight);
    const steadyIds = [...posted.keys()];
    await waitAll(steadyIds, 120_000);
    const steadyDone = steadyIds.filter((id) => succeeded.has(id));
    const steadyLast = Math.max(...steadyDone.map((id) => succeeded.get(id) ?? 0));
    console.log('\n[bench] steady-rate results');
    console.log(
      `  accepted / completed      ${steadyIds.length} / ${steadyDone.length} (${failures} failed overall)`,
    );
    console.log(
      `  completion rate           ${(steadyDone.length / ((steadyLast - steadyStart) / 1000)).toFixed(1)} purchases/s`,
    );
    console.log(`  POST /payments            ${summary(postLatency)}`);
    console.log(
      `  POST → PAYMENT_SUCCEEDED  ${summary(steadyDone.map((id) => (succeeded.get(id) ?? 0) - (posted.get(id) ?? 0)))}`,
    );
  } finally {
    await reader.disconnect().catch(() => undefined);
    for (const app of apps.reverse()) await app.stop();
    await paymentsDb.drop();
    await eventsDb.drop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
