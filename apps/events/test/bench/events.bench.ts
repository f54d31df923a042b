/**
 * Seat holds on one hot event and catalogue reads, against a real events process (PostgreSQL and
 * Kafka of the local stack). Prints numbers; asserts only that the counts are exact.
 *
 *   node -r @swc-node/register apps/events/test/bench/events.bench.ts
 *
 * BENCH_HOLDS (20000), BENCH_CONNECTIONS (50), BENCH_EVENTS (10000), BENCH_READ_SECONDS (10).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createTestDatabase,
  ensureTestKeys,
  queryDatabase,
  signToken,
  STACK_DEFAULTS,
  uniqueName,
} from '@event-tickets/testing';
import { client, load, type LoadResult } from './http-load';

const HOLDS = Number(process.env.BENCH_HOLDS ?? 20_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const READ_SECONDS = Number(process.env.BENCH_READ_SECONDS ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3911);
const INTERNAL = 'bench-internal-token-0123456789';

for (const [k, v] of Object.entries(STACK_DEFAULTS)) process.env[k] ??= v;
ensureTestKeys();

function startEvents(database: string): ChildProcess {
  const root = join(__dirname, '../../../..');
  return spawn(process.execPath, ['-r', '@swc-node/register', 'apps/events/src/main.ts'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DB_NAME: database,
      INTERNAL_API_TOKEN: INTERNAL,
      KAFKA_GROUP_ID: uniqueName('events_bench'),
      PAYMENT_SUCCEEDED_TOPIC: uniqueName('BENCH_PAYMENT_SUCCEEDED'),
      PAYMENT_FAILED_TOPIC: uniqueName('BENCH_PAYMENT_FAILED'),
    },
  });
}

async function waitHealthy(url: string) {
  for (let i = 0; i < 120; i += 1) {
    if ((await fetch(`${url}/health`).catch(() => undefined))?.status === 200) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('events did not become healthy');
}

/** CPU seconds (user + system) a process has used, from /proc (Linux); 0 elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Runs a load and prints its rate, latencies and the events process's CPU time per request. */
async function measure(name: string, pid: number | undefined, run: () => Promise<LoadResult>) {
  const cpuBefore = cpuSeconds(pid);
  const r = await run();
  const cpuPerRequest = ((cpuSeconds(pid) - cpuBefore) / r.requests) * 1e6;
  console.log(
    `${name.padEnd(44)} ${String(r.perSecond).padStart(6)}/s  p50 ${r.p50} ms  p99 ${r.p99} ms  max ${r.max} ms  ` +
      `server CPU ${Math.round(cpuPerRequest)} µs/req  (${r.requests} in ${r.seconds} s, statuses ${JSON.stringify(r.statuses)})`,
  );
  return r;
}

async function main() {
  const db = await createTestDatabase('events_bench');
  const app = startEvents(db.name);
  const url = `http://127.0.0.1:${PORT}`;
  try {
    await waitHealthy(url);
    const call = client(url, CONNECTIONS);
    const internal = { authorization: `Bearer ${INTERNAL}` };
    const sql = (text: string, params: unknown[] = []) =>
      queryDatabase<{ id: number }>(db.name, text, params);
    const newEvent = async (capacity: number | null) =>
      (
        await sql(
          `INSERT INTO events (name, description, image_url, price, currency, event_date, capacity)
         VALUES ('Hot show', 'd', 'https://img.example.com/x.png', 100, 'BRL', now() + interval '30 days', $1) RETURNING id`,
          [capacity],
        )
      )[0]!.id;
    const holds = (eventId: number, total: number, prefix: string) =>
      load({ connections: CONNECTIONS, total }, (i) =>
        call('POST', `/internal/events/${eventId}/holds`, internal, { payment_id: `${prefix}-${i}` }),
      );

    console.log(`events bench: ${CONNECTIONS} connections, client and server on this machine`);
    await holds(await newEvent(null), 1000, 'warmup');

    const hot = await newEvent(100_000);
    const hotResult = await measure('holds, one hot event (capacity 100000)', app.pid, () =>
      holds(hot, HOLDS, 'hot'),
    );
    const [counts] = await queryDatabase<{ held: number }>(
      db.name,
      `SELECT sum(held)::int AS held FROM ticket_types WHERE event_id = $1`,
      [hot],
    );
    if (hotResult.statuses[201] !== HOLDS || counts!.held !== HOLDS)
      throw new Error(`hot event counts wrong: ${JSON.stringify(counts)}`);

    const flash = await newEvent(1000);
    const flashResult = await measure('flash sale: 5000 buyers, 1000 seats', app.pid, () =>
      holds(flash, 5000, 'flash'),
    );
    if (flashResult.statuses[201] !== 1000 || flashResult.statuses[409] !== 4000)
      throw new Error('flash sale oversold');

    await sql(
      `INSERT INTO events (name, description, image_url, price, currency, event_date, created_at)
       SELECT 'Show ' || g, 'desc', 'https://img.example.com/' || g || '.png', 10 + g % 90, 'BRL',
              now() + interval '60 days', now() - g * interval '1 second'
       FROM generate_series(1, $1) g`,
      [EVENTS],
    );
    await sql(`ANALYZE events`);
    const user = {
      authorization: `Bearer ${await signToken({ id: 'bench', email: 'b@x.com', role: 'PUBLIC' })}`,
    };
    await load({ connections: CONNECTIONS, seconds: 2 }, () => call('GET', '/events?page=1&size=10', user));
    const read = (path: () => string) =>
      load({ connections: CONNECTIONS, seconds: READ_SECONDS }, () => call('GET', path(), user));
    await measure(`GET /events?page=1&size=10 (${EVENTS} events)`, app.pid, () =>
      read(() => '/events?page=1&size=10'),
    );
    const pages = Math.ceil(EVENTS / 10);
    await measure(`GET /events?page=<1..${pages}>&size=10`, app.pid, () =>
      read(() => `/events?page=${1 + Math.floor(Math.random() * pages)}&size=10`),
    );
    await measure('GET /events/:eventId', app.pid, () => read(() => `/events/${hot}`));
  } finally {
    app.kill('SIGTERM');
    await new Promise((r) => app.once('exit', r));
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
