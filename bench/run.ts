/**
 * `npm run bench`: the performance targets (docs/performance.md) measured on this machine. Starts the six built apps on the local
 * stack (as `npm start` does), seeds data, measures the machine's limits, runs each scenario with the
 * load in a separate process, and prints one table and the limits line (also written to
 * bench/results/<timestamp>.json). `BENCH_PROFILE=1` adds the pipeline's profile (profile.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  APP_NAMES,
  ensureTestKeys,
  type Platform,
  STACK_DEFAULTS,
  startPlatform,
} from '@event-tickets/testing';
import { type Limits, limitsLine, measureLimits } from './limits';
import { PipelineProfile } from './profile';
import { catalogueRead, flashSale, idleMemory, loginStorm, purchasePipeline } from './scenarios';
import { printTable, type Row } from './stats';

const root = resolve(__dirname, '..');

async function main() {
  ensureTestKeys();
  for (const [k, v] of Object.entries(STACK_DEFAULTS)) process.env[k] ??= v;
  console.log('[bench] local stack');
  execFileSync('bash', ['scripts/stack/stack.sh', 'up'], { cwd: root, stdio: 'inherit' });
  console.log('[bench] building the apps');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const results = resolve(root, 'bench/results');
  const only = process.env.BENCH_ONLY?.split(',');
  // The profile is the pipeline's: without the pipeline there is nothing to profile.
  const profile =
    process.env.BENCH_PROFILE === '1' && (!only || only.includes('pipeline'))
      ? new PipelineProfile(resolve(results, `${stamp}-profile`))
      : undefined;

  console.log(`[bench] starting the six apps${profile ? ' (with --cpu-prof)' : ''}`);
  const started = Date.now();
  const p: Platform = await startPlatform({
    nodeArgs: profile?.nodeArgs(),
    env: {
      LOG_LEVEL: 'warn',
      PURCHASE_RATE_LIMIT_PER_MINUTE: '1000000',
      LOGIN_RATE_LIMIT_PER_CLIENT: '1000000',
      LOGIN_RATE_LIMIT_PER_EMAIL: '1000000',
      LEADS_RATE_LIMIT_PER_CLIENT: '1000000',
      REGISTRATION_RATE_LIMIT_PER_CLIENT: '1000000',
    },
  });
  const startupSeconds = (Date.now() - started) / 1000;
  const rows: Row[] = [];
  const peak: Record<string, number> = {};
  const sampleRss = async () => {
    for (const app of APP_NAMES) {
      const text = await (await fetch(`${p.url[app]}/metrics`)).text();
      const mb = Number(/process_resident_memory_bytes\{[^}]*\} (\d+)/.exec(text)?.[1] ?? 0) / 1e6;
      peak[app] = Math.max(peak[app] ?? 0, mb);
    }
  };
  let limits: Limits | undefined;
  try {
    rows.push(await idleMemory(p, startupSeconds));
    console.log('[bench] limits (pgbench hot row, bcrypt, SMTP)');
    limits = await measureLimits();
    const measured = limits;
    const run = async (name: string, scenario: () => Promise<Row>) => {
      if (only && !only.includes(name)) return;
      console.log(`[bench] ${name}`);
      const row = await scenario();
      await sampleRss();
      rows.push(row);
      console.log(
        `[bench] ${name}: ${row.throughput}, p99 ${row.p99}, ${row.met ? 'target met' : 'target NOT met'}`,
      );
    };
    await run('catalogue', () => catalogueRead(p));
    await run('login', () => loginStorm(p, measured));
    await run('flash', () => flashSale(p, measured));
    await run('pipeline', () => purchasePipeline(p, measured, profile));
  } finally {
    await sampleRss().catch(() => undefined);
    await p.stop();
  }
  console.log(
    `\nEvent Tickets benchmarks — ${new Date().toISOString()} — ${process.env.BENCH_MACHINE ?? 'this machine'}\n`,
  );
  printTable(rows, peak);
  console.log(limitsLine(limits));
  mkdirSync(results, { recursive: true });
  const file = resolve(results, `${stamp}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      { date: new Date().toISOString(), limits, rows, peakRssMb: peak, profile: profile?.dir },
      null,
      2,
    ),
  );
  if (profile) console.log(`\n${profile.summarise()}`);
  console.log(`\nresults: ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
