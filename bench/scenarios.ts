import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import { APP_NAMES, http, type Platform, signToken, uniqueName } from '@event-tickets/testing';
import { cpuWindow } from './cpu';
import { type Limits, percentOf } from './limits';
import { percentile, type Row } from './stats';

const run = promisify(execFile);
const root = resolve(__dirname, '..');

/** Runs a load spec in a separate Node process (see load.ts). */
async function load<T>(spec: unknown): Promise<T> {
  const file = join(mkdtempSync(join(tmpdir(), 'bench-')), 'spec.json');
  writeFileSync(file, JSON.stringify(spec));
  const { stdout } = await run(process.execPath, ['-r', '@swc-node/register', 'bench/load.ts', file], {
    cwd: root,
    maxBuffer: 512 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as T;
}

interface Cannon {
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}
interface Fired {
  results: { tag?: string; status: number; ms: number; startedAt: number; body: string; retries?: number }[];
}

const adminToken = async (p: Platform) =>
  (
    await http<{ token: string }>('POST', `${p.url.users}/users/token`, {
      body: { email: p.admin.email, password: p.admin.password },
    })
  ).body.token;

async function createEvent(p: Platform, token: string, capacity?: number, name = `Bench ${uniqueName('e')}`) {
  const res = await http<{ id: number }>('POST', `${p.url.events}/events/admin`, {
    token,
    body: {
      name,
      description: 'benchmark',
      image_url: 'https://img.example.com/b.png',
      price: 50,
      currency: 'BRL',
      event_date: new Date(Date.now() + 60 * 86400e3).toISOString(),
      ...(capacity ? { capacity } : {}),
    },
  });
  if (res.status !== 201) throw new Error(`create event: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

const buyerToken = (i: number, run: string) =>
  signToken({ id: `bench-${run}-${i}`, email: `bench-${i}-${run}@example.com`, role: 'PUBLIC' });
const payBody = (email: string, eventId: number) =>
  JSON.stringify({
    user_name: 'Bench Buyer',
    user_email: email,
    event_id: String(eventId),
    payment_token: 'TOKEN123',
    user_language: 'en',
  });

const appPids = (p: Platform) => Object.fromEntries(APP_NAMES.map((a) => [a, p.pid(a)]));

/** Startup and memory: all /health green after the servers are up; RSS of each idle app. */
export async function idleMemory(p: Platform, startupSeconds: number): Promise<Row> {
  await new Promise((r) => setTimeout(r, 5000));
  const rss: Record<string, number> = {};
  for (const app of APP_NAMES) {
    const text = await (await fetch(`${p.url[app]}/metrics`)).text();
    rss[app] = Number(/process_resident_memory_bytes\{[^}]*\} (\d+)/.exec(text)?.[1] ?? 0) / 1e6;
  }
  const worst = Math.max(...Object.values(rss));
  return {
    scenario: 'start-up and idle memory',
    throughput: `all healthy in ${startupSeconds.toFixed(1)} s`,
    p50: '-',
    p95: '-',
    p99: '-',
    errors: 0,
    target: '< 60 s; < 200 MB RSS per idle app',
    met: startupSeconds < 60 && worst < 200,
    details: { startupSeconds, idleRssMb: rss },
  };
}

/** 10,000 events; GET /events?page=1&size=10 with a valid token, 50 connections. */
export async function catalogueRead(p: Platform): Promise<Row> {
  const token = await adminToken(p);
  const existing = (
    await http<{ pagination: { total: number } }>('GET', `${p.url.events}/events?size=1`, { token })
  ).body.pagination.total;
  const needed = Math.max(0, 10_000 - existing);
  const body = (i: number) =>
    JSON.stringify({
      name: `Seed ${i}`,
      description: 'seed',
      image_url: 'https://img.example.com/s.png',
      price: 10 + (i % 90),
      currency: 'BRL',
      event_date: new Date(Date.now() + 86400e3 * (1 + (i % 300))).toISOString(),
      capacity: 100,
    });
  const seeded = await load<Fired>({
    kind: 'requests',
    concurrency: 20,
    requests: Array.from({ length: needed }, (_, i) => ({
      url: `${p.url.events}/events/admin`,
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body(i),
    })),
  });
  if (seeded.results.some((r) => r.status !== 201)) throw new Error('seeding events failed');
  await load<Cannon>({
    kind: 'autocannon',
    url: `${p.url.events}/events?page=1&size=10`,
    connections: 50,
    durationSeconds: 3,
    headers: { authorization: `Bearer ${token}` },
  });
  const r = await load<Cannon>({
    kind: 'autocannon',
    url: `${p.url.events}/events?page=1&size=10`,
    connections: 50,
    durationSeconds: 15,
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    scenario: 'catalogue read (10k events, 50 conns)',
    throughput: `${r.requestsPerSecond.toFixed(0)} req/s`,
    p50: r.p50,
    p95: r.p95,
    p99: r.p99,
    errors: r.errors,
    target: '>= 3000 req/s, p99 < 50 ms',
    met: r.requestsPerSecond >= 3000 && r.p99 < 50 && r.errors === 0,
  };
}

/** POST /users/token at the bcrypt limit; GET /events latency at the same time against idle. */
export async function loginStorm(p: Platform, limits: Limits): Promise<Row> {
  const users = Array.from({ length: 20 }, (_, i) => ({
    email: `storm-${i}-${p.run}@example.com`,
    password: 'storm-password',
  }));
  for (const u of users) await http('POST', `${p.url.users}/users`, { body: u });
  const limit = limits.bcryptPerSecond;
  const token = await adminToken(p);
  const probe = {
    kind: 'autocannon',
    url: `${p.url.events}/events?page=1&size=10`,
    connections: 2,
    durationSeconds: 10,
    // Browsing buyers, 20 pages a second: a probe of the latency, not a second load competing for the CPU.
    overallRate: 20,
    headers: { authorization: `Bearer ${token}` },
  };
  const idle = await load<Cannon>(probe);
  const stop = cpuWindow(appPids(p));
  const [storm, during] = await Promise.all([
    load<Cannon>({
      kind: 'autocannon',
      url: `${p.url.users}/users/token`,
      method: 'POST',
      connections: 8,
      durationSeconds: 20,
      headers: { 'content-type': 'application/json' },
      bodies: users.map((u) => JSON.stringify(u)),
    }),
    new Promise((r) => setTimeout(r, 5000)).then(() => load<Cannon>(probe)),
  ]);
  const cpu = stop();
  const share = storm.requestsPerSecond / limit;
  return {
    scenario: 'login storm (bcrypt 12)',
    throughput: `${storm.requestsPerSecond.toFixed(1)} logins/s (${(share * 100).toFixed(0)}% of ${limit.toFixed(1)}/s)`,
    p50: storm.p50,
    p95: storm.p95,
    p99: storm.p99,
    errors: storm.errors,
    target: '>= 90% of bcrypt limit; GET /events p99 < 2x idle',
    met: share >= 0.9 && during.p99 < 2 * Math.max(idle.p99, 1) && storm.errors === 0,
    details: {
      bcryptLimitPerSecond: limit,
      eventsIdleP99: idle.p99,
      eventsDuringStormP99: during.p99,
      cpuSeconds: cpu.seconds,
      machineBusy: cpu.machineBusy,
    },
  };
}

/** First ticket emails sent so far, from the tickets app's own counter (cheap to read every second). */
async function ticketEmailsSent(p: Platform): Promise<number> {
  const text = await (await fetch(`${p.url.tickets}/metrics`)).text();
  return Number(/^ticket_emails_sent_total\{[^}]*kind="first"[^}]*\} (\d+)/m.exec(text)?.[1] ?? 0);
}

/**
 * When each purchase's ticket email went out: waits until the tickets app has sent `expected` more
 * first emails than `baseline` (or the timeout), then reads the send times once (polling the tickets
 * collection every second would load the Mongo-wire server as much as the platform under test).
 */
async function ticketTimes(p: Platform, paymentIds: string[], baseline: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && (await ticketEmailsSent(p)) - baseline < paymentIds.length)
    await new Promise((r) => setTimeout(r, 1000));
  const client = await MongoClient.connect(process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017');
  const tickets = client
    .db(`${p.run}_tickets`)
    .collection<{ paymentId: string; mail?: { status: string; sentAt?: Date } }>('tickets');
  const docs = await tickets
    .find({ paymentId: { $in: paymentIds } }, { projection: { paymentId: 1, mail: 1 } })
    .toArray();
  await client.close();
  const sent = docs
    .filter((d) => d.mail?.status === 'SENT' && d.mail.sentAt)
    .map((d) => ({ paymentId: d.paymentId, sentAt: new Date(d.mail!.sentAt!).getTime() }));
  return { sent, total: docs.length };
}

/** Purchases of one event by 100 buyers; when each one's ticket email went out. */
async function purchases(
  p: Platform,
  eventId: number,
  count: number,
  pace: { concurrency: number; ratePerSecond?: number },
) {
  const buyers = await Promise.all(Array.from({ length: 100 }, (_, i) => buyerToken(i, p.run)));
  const baseline = await ticketEmailsSent(p);
  const fired = await load<Fired>({
    kind: 'requests',
    ...pace,
    requests: Array.from({ length: count }, (_, i) => ({
      url: `${p.url.payments}/payments`,
      method: 'POST',
      headers: { authorization: `Bearer ${buyers[i % 100]}`, 'content-type': 'application/json' },
      body: payBody(`bench-${i % 100}-${p.run}@example.com`, eventId),
    })),
  });
  const accepted = fired.results
    .filter((r) => r.status === 201)
    .map((r) => ({ id: (JSON.parse(r.body) as { payment_id: string }).payment_id, startedAt: r.startedAt }));
  const { sent } = await ticketTimes(
    p,
    accepted.map((a) => a.id),
    baseline,
    600_000,
  );
  const started = new Map(accepted.map((a) => [a.id, a.startedAt]));
  const first = Math.min(...accepted.map((a) => a.startedAt));
  const last = Math.max(...sent.map((s) => s.sentAt));
  return {
    accepted: accepted.length,
    sent: sent.length,
    /** Completed purchases (ticket email sent) per second, first request to last email. */
    rate: sent.length / ((last - first) / 1000),
    latencies: sent.map((s) => s.sentAt - started.get(s.paymentId)!),
    postP99Ms: percentile(
      fired.results.map((r) => r.ms),
      99,
    ),
  };
}

const TARGET_RATE = 200;
/** Each completed purchase sends two emails: payments' "payment approved" and the ticket. */
const EMAILS_PER_PURCHASE = 2;

/** Hooks around the pipeline's capacity run (BENCH_PROFILE's measurements). */
export interface CapacityProbe {
  start(p: Platform): Promise<void>;
  stop(completedPurchases: number, cpuSeconds: Record<string, number>): Promise<void>;
}

/**
 * The purchase pipeline, POST /payments with approving tokens to the ticket email, in two runs:
 * capacity (BENCH_PURCHASES requests, 50 in flight: completed purchases per second, and the CPU
 * seconds each process spent per purchase), then end-to-end latency at a sustained arrival rate
 * for 30 s: the target's 200/s, or 80% of the measured capacity when that is lower (a rate above
 * capacity only measures a growing queue).
 */
export async function purchasePipeline(p: Platform, limits: Limits, probe?: CapacityProbe): Promise<Row> {
  const count = Number(process.env.BENCH_PURCHASES ?? 3000);
  const token = await adminToken(p);
  const eventId = await createEvent(p, token);
  await probe?.start(p);
  const stop = cpuWindow(appPids(p));
  const capacity = await purchases(p, eventId, count, { concurrency: 50 });
  const cpu = stop();
  await probe?.stop(capacity.sent, cpu.seconds);
  const emailsPerSecond = capacity.rate * EMAILS_PER_PURCHASE;
  const smtpShare = percentOf(emailsPerSecond, limits.smtpPerSecond);
  const offered = Math.max(1, Math.min(TARGET_RATE, Math.floor(capacity.rate * 0.8)));
  const seconds = Number(process.env.BENCH_SUSTAINED_SECONDS ?? 30);
  const sustained = await purchases(p, eventId, offered * seconds, {
    concurrency: 500,
    ratePerSecond: offered,
  });
  const p99 = percentile(sustained.latencies, 99);
  const perPurchaseMs = Object.fromEntries(
    Object.entries(cpu.seconds)
      .sort(([, a], [, b]) => b - a)
      .map(([name, s]) => [name, +((s * 1000) / Math.max(1, capacity.sent)).toFixed(2)]),
  );
  return {
    scenario: `purchase pipeline (${count} at once; then ${offered}/s for ${seconds} s)`,
    throughput:
      `${capacity.rate.toFixed(1)} purchases/s (${emailsPerSecond.toFixed(0)} emails/s` +
      `${smtpShare ? `, ${smtpShare} of SMTP` : ''}); e2e at ${offered}/s:`,
    p50: percentile(sustained.latencies, 50),
    p95: percentile(sustained.latencies, 95),
    p99,
    errors: count - capacity.sent + (offered * seconds - sustained.sent),
    target: '>= 200 purchases/s, e2e p99 < 2000 ms',
    met:
      capacity.rate >= TARGET_RATE &&
      offered === TARGET_RATE &&
      p99 < 2000 &&
      sustained.sent === offered * seconds,
    details: {
      capacity: { ...capacity, latencies: undefined, e2eP99Ms: percentile(capacity.latencies, 99) },
      sustained: {
        ...sustained,
        latencies: undefined,
        offeredPerSecond: offered,
        e2eMaxMs: Math.max(...sustained.latencies),
        over2s: sustained.latencies.filter((ms) => ms > 2000).length,
      },
      cpuMsPerPurchase: perPurchaseMs,
      cpuMsPerPurchaseTotal: +Object.values(perPurchaseMs)
        .reduce((a, b) => a + b, 0)
        .toFixed(1),
      machineBusy: cpu.machineBusy,
      emailsPerSecond,
      shareOfSmtpLimit: limits.smtpPerSecond && emailsPerSecond / limits.smtpPerSecond,
    },
  };
}

/** One event with 1,000 seats and 5,000 buyers at once. */
export async function flashSale(p: Platform, limits: Limits): Promise<Row> {
  const token = await adminToken(p);
  const eventId = await createEvent(p, token, 1000, `Flash ${p.run}`);
  const tokens = await Promise.all(Array.from({ length: 5000 }, (_, i) => buyerToken(10_000 + i, p.run)));
  const baseline = await ticketEmailsSent(p);
  const t0 = Date.now();
  const fired = await load<Fired>({
    kind: 'requests',
    concurrency: 500,
    // Buyers told "503, retry after 1 s" (payments sheds what exceeds its calls in flight to events) retry.
    honourRetryAfter: true,
    requests: tokens.map((t, i) => ({
      url: `${p.url.payments}/payments`,
      method: 'POST',
      headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
      body: payBody(`bench-${10_000 + i}-${p.run}@example.com`, eventId),
    })),
  });
  const accepted = fired.results
    .filter((r) => r.status === 201)
    .map((r) => (JSON.parse(r.body) as { payment_id: string }).payment_id);
  const isSoldOut = (r: Fired['results'][number]) => r.status === 409 && r.body.includes('event is sold out');
  const soldOut = fired.results.filter(isSoldOut).length;
  const other = fired.results.length - accepted.length - soldOut;
  // Every 201 and sold-out 409 is one hold tried on the event's row; per second from the first
  // request to the last of those answers.
  const holds = fired.results.filter((r) => r.status === 201 || isSoldOut(r));
  const holdsPerSecond =
    holds.length /
    ((Math.max(...holds.map((r) => r.startedAt + r.ms)) - Math.min(...holds.map((r) => r.startedAt))) / 1000);
  const hotRowShare = percentOf(holdsPerSecond, limits.hotRowPerSecond);
  const { sent, total } = await ticketTimes(p, accepted, baseline, 600_000);
  const event = (
    await http<{ available: number; capacity: number }>('GET', `${p.url.events}/events/${eventId}`, { token })
  ).body;
  const lastEmailSeconds = (Math.max(...sent.map((s) => s.sentAt)) - t0) / 1000;
  const latencies = fired.results.map((r) => r.ms);
  return {
    scenario: 'flash sale (1000 seats, 5000 buyers)',
    throughput:
      `${total} tickets, ${Math.max(0, total - 1000)} oversold, ${soldOut} sold-out 409s, last email at ${lastEmailSeconds.toFixed(1)} s; ` +
      `${holdsPerSecond.toFixed(0)} holds/s${hotRowShare ? ` (${hotRowShare} of hot row)` : ''}`,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: other,
    target: 'exactly 1000 tickets, 0 oversold, 4000 clean 409s',
    met: total === 1000 && accepted.length === 1000 && soldOut === 4000 && event.available === 0,
    details: {
      accepted: accepted.length,
      soldOut,
      other,
      ticketsIssued: total,
      available: event.available,
      retriesAfter503: fired.results.reduce((n, r) => n + (r.retries ?? 0), 0),
      holdsPerSecond,
      shareOfHotRowLimit: limits.hotRowPerSecond && holdsPerSecond / limits.hotRowPerSecond,
    },
  };
}
