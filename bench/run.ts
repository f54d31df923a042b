/**
 * `npm run bench`: the performance targets (docs/performance.md) measured on this machine. Starts the six built apps on the local
 * stack (as `npm start` does), seeds data, runs each scenario with the load in a separate process, and
 * prints one table (also written to bench/results/<timestamp>.json).
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

  console.log('[bench] starting the six apps');
  const started = Date.now();
  const p: Platform = await startPlatform({
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
  try {
    rows.push(await idleMemory(p, startupSeconds));
    const only = process.env.BENCH_ONLY?.split(',');
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
    await run('login', () => loginStorm(p));
    await run('flash', () => flashSale(p));
    await run('pipeline', () => purchasePipeline(p));
  } finally {
    await sampleRss().catch(() => undefined);
    await p.stop();
  }
  console.log(
    `\nEvent Tickets benchmarks — ${new Date().toISOString()} — ${process.env.BENCH_MACHINE ?? 'this machine'}\n`,
  );
  printTable(rows, peak);
  mkdirSync(resolve(root, 'bench/results'), { recursive: true });
  const file = resolve(root, `bench/results/${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), rows, peakRssMb: peak }, null, 2));
  console.log(`\nresults: ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
