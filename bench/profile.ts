import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_NAMES, type AppName, type Platform, queryDatabase } from '@event-tickets/testing';
import { type CpuSummary, monotonicMicros, summariseCpuProfiles } from './cpu-profile';

/**
 * `BENCH_PROFILE=1`: where the pipeline's capacity run spends its work, per completed purchase. The
 * apps run with `--cpu-prof` (a profile per app, written when it exits at the end of the bench, cut
 * to the capacity run); PostgreSQL's pg_stat_statements (reset per database before the run) and
 * pg_stat_database's commits; the Mongo-wire server's commands from its Prometheus counters. Written
 * to bench/results/<timestamp>-profile/: summary.txt (as printed), summary.json, and the .cpuprofile
 * files per app (whole run; Chrome DevTools or speedscope open them).
 */
const FERRETDB_METRICS_URL = process.env.FERRETDB_METRICS_URL ?? 'http://127.0.0.1:8088/debug/metrics';
/** pg_stat_database lags: an idle backend reports its last second of counts within 10 s. */
const STATS_FLUSH_MS = 11_000;
const TOP_STATEMENTS = 12;

interface Statement {
  db: string;
  calls: number;
  ms: number;
  query: string;
}

export class PipelineProfile {
  private fromUs = 0;
  private toUs = 0;
  private purchases = 0;
  private databases: Record<string, string> = {};
  private statementsNote?: string;
  private commitsBefore: Record<string, number> = {};
  private commandsBefore: Record<string, number> = {};
  private result: {
    cpuSeconds?: Record<string, number>;
    statements?: Statement[];
    commits?: Record<string, number>;
    commands?: Record<string, number>;
    ferretNote?: string;
  } = {};

  constructor(readonly dir: string) {}

  /** `--cpu-prof` into <dir>/<app>/ for each app (Node writes the profile when the app exits). */
  nodeArgs(): Partial<Record<AppName, string[]>> {
    return Object.fromEntries(
      APP_NAMES.map((a) => [a, ['--cpu-prof', `--cpu-prof-dir=${join(this.dir, a)}`]]),
    );
  }

  /** Just before the capacity run. */
  async start(p: Platform): Promise<void> {
    this.databases = {
      events: p.database.events!,
      payments: p.database.payments!,
      clients: p.database.clients!,
      ferretdb: 'ferretdb',
    };
    this.statementsNote = await resetStatements(Object.values(this.databases));
    await new Promise((r) => setTimeout(r, STATS_FLUSH_MS));
    this.commitsBefore = await commits(this.databases);
    this.commandsBefore = (await ferretCommands().catch(() => undefined)) ?? {};
    this.fromUs = monotonicMicros();
  }

  /**
   * Just after the capacity run, with the purchases it completed and the CPU seconds each process
   * used meanwhile (cpu.ts, from /proc).
   */
  async stop(purchases: number, cpuSeconds: Record<string, number>): Promise<void> {
    this.toUs = monotonicMicros();
    this.purchases = Math.max(1, purchases);
    this.result.cpuSeconds = cpuSeconds;
    try {
      const after = await ferretCommands();
      this.result.commands = Object.fromEntries(
        Object.entries(after)
          .map(([c, n]) => [c, n - (this.commandsBefore[c] ?? 0)] as const)
          .filter(([, n]) => n > 0),
      );
    } catch (error) {
      this.result.ferretNote = `no metrics at ${FERRETDB_METRICS_URL}: ${(error as Error).message}`;
    }
    if (!this.statementsNote) this.result.statements = await statements(Object.values(this.databases));
    await new Promise((r) => setTimeout(r, STATS_FLUSH_MS));
    const after = await commits(this.databases);
    this.result.commits = Object.fromEntries(
      Object.entries(after).map(([label, n]) => [label, n - (this.commitsBefore[label] ?? 0)]),
    );
  }

  /**
   * After the apps exited (their CPU profiles are written then): summary.json in the profile's
   * directory, and the summary as text to print.
   */
  summarise(): string {
    const per = (n: number) => +(n / this.purchases).toFixed(2);
    const cpuMsPerPurchase = Object.fromEntries(
      Object.entries(this.result.cpuSeconds ?? {})
        .sort(([, a], [, b]) => b - a)
        .map(([name, seconds]) => [name, per(seconds * 1000)]),
    );
    const cpu: Record<string, CpuSummary | string> = {};
    for (const app of APP_NAMES) {
      try {
        cpu[app] = summariseCpuProfiles(join(this.dir, app), this.fromUs, this.toUs);
      } catch (error) {
        cpu[app] = `no CPU profile: ${(error as Error).message}`;
      }
    }
    const label = Object.fromEntries(Object.entries(this.databases).map(([l, name]) => [name, l]));
    const perDatabase = Object.fromEntries(
      Object.keys(this.databases).map((l) => {
        const own = (this.result.statements ?? []).filter((s) => label[s.db] === l);
        return [
          l,
          {
            callsPerPurchase: this.result.statements ? per(own.reduce((n, s) => n + s.calls, 0)) : undefined,
            execMsPerPurchase: this.result.statements ? per(own.reduce((n, s) => n + s.ms, 0)) : undefined,
            commitsPerPurchase: per(this.result.commits?.[l] ?? 0),
          },
        ];
      }),
    );
    const top = (this.result.statements ?? [])
      .sort((a, b) => b.ms - a.ms)
      .slice(0, TOP_STATEMENTS)
      .map((s) => ({
        db: label[s.db],
        msPerPurchase: per(s.ms),
        callsPerPurchase: per(s.calls),
        meanMs: +(s.ms / s.calls).toFixed(3),
        query: s.query.replace(/\s+/g, ' ').trim(),
      }));
    const commands = this.result.commands;
    const summary: Summary = {
      purchases: this.purchases,
      windowSeconds: +((this.toUs - this.fromUs) / 1e6).toFixed(1),
      cpuMsPerPurchase,
      cpu,
      postgres: { note: this.statementsNote, perDatabase, topStatements: top },
      ferretdb: {
        note: this.result.ferretNote,
        commandsPerPurchase:
          commands && Object.fromEntries(Object.entries(commands).map(([c, n]) => [c, per(n)])),
        totalPerPurchase: commands && per(Object.values(commands).reduce((a, b) => a + b, 0)),
      },
      kafka: {
        note: 'requests per message not measured: the broker exposes no metrics here, and counting kafkajs REQUEST instrumentation events would need a change in the apps',
      },
    };
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(join(this.dir, 'summary.json'), JSON.stringify(summary, null, 2));
    const text = formatSummary(summary, this.dir);
    writeFileSync(join(this.dir, 'summary.txt'), `${text}\n`);
    return text;
  }
}

/**
 * Makes sure pg_stat_statements answers and resets it for the given databases only (others use the
 * same server). The library must be preloaded at PostgreSQL's start (scripts/stack/postgres.sh
 * configures it): when it is not, the reason is returned instead, and the profile goes on without it.
 */
async function resetStatements(databases: string[]): Promise<string | undefined> {
  try {
    await queryDatabase('postgres', 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await queryDatabase(
      'postgres',
      'SELECT pg_stat_statements_reset(0, d.oid, 0) FROM pg_database d WHERE d.datname = ANY($1)',
      [databases],
    );
    return undefined;
  } catch (error) {
    return (
      `pg_stat_statements not available (${(error as Error).message}): scripts/stack/postgres.sh ` +
      `preloads it, which takes effect at PostgreSQL's next start (npm run stack -- restart postgres)`
    );
  }
}

async function statements(databases: string[]): Promise<Statement[]> {
  return queryDatabase<Statement>(
    'postgres',
    `SELECT d.datname AS db, s.calls::float8 AS calls, s.total_exec_time AS ms, s.query
     FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
     WHERE d.datname = ANY($1) AND s.calls > 0`,
    [databases],
  );
}

/** Committed transactions so far per database label. */
async function commits(databases: Record<string, string>): Promise<Record<string, number>> {
  const rows = await queryDatabase<{ datname: string; commits: number }>(
    'postgres',
    'SELECT datname, xact_commit::float8 AS commits FROM pg_stat_database WHERE datname = ANY($1)',
    [Object.values(databases)],
  );
  const count = Object.fromEntries(rows.map((r) => [r.datname, r.commits]));
  return Object.fromEntries(Object.entries(databases).map(([l, name]) => [l, count[name] ?? 0]));
}

/** The Mongo-wire server's requests so far per command (its Prometheus counter, all opcodes). */
async function ferretCommands(): Promise<Record<string, number>> {
  const text = await (await fetch(FERRETDB_METRICS_URL)).text();
  const counts: Record<string, number> = {};
  for (const m of text.matchAll(/^ferretdb_client_requests_total\{[^}]*command="([^"]+)"[^}]*\} (\S+)$/gm))
    counts[m[1]!] = (counts[m[1]!] ?? 0) + Number(m[2]);
  return counts;
}

interface Summary {
  purchases: number;
  windowSeconds: number;
  /** Per process (apps and servers), all threads, from /proc. */
  cpuMsPerPurchase: Record<string, number>;
  /** Per app, where its main thread's samples fell. */
  cpu: Record<string, CpuSummary | string>;
  postgres: {
    note?: string;
    perDatabase: Record<
      string,
      { callsPerPurchase?: number; execMsPerPurchase?: number; commitsPerPurchase: number }
    >;
    topStatements: {
      db?: string;
      msPerPurchase: number;
      callsPerPurchase: number;
      meanMs: number;
      query: string;
    }[];
  };
  ferretdb: { note?: string; commandsPerPurchase?: Record<string, number>; totalPerPurchase?: number };
  kafka: { note: string };
}

function formatSummary(s: Summary, dir: string): string {
  const lines = [
    `profile of the capacity run: ${s.purchases} completed purchases in ${s.windowSeconds} s (${dir})`,
    '',
    `CPU per purchase (ms, all threads, /proc): ${Object.entries(s.cpuMsPerPurchase)
      .map(([name, ms]) => `${name} ${ms}`)
      .join(', ')}`,
    '',
    "Each app's main thread (--cpu-prof samples): share per package, then the top functions by self",
    "time, with that share of the app's CPU per purchase:",
  ];
  const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
  for (const [app, cpu] of Object.entries(s.cpu)) {
    if (typeof cpu === 'string') {
      lines.push(`  ${app}: ${cpu}`);
      continue;
    }
    const ms = s.cpuMsPerPurchase[app];
    const packages = cpu.packages
      .slice(0, 8)
      .map((p) => `${p.package} ${pct(p.share)}`)
      .join(', ');
    lines.push(`  ${app} (${ms ?? '?'} ms per purchase): ${packages}`);
    for (const f of cpu.functions)
      lines.push(
        `    ${pct(f.share).padStart(6)} ${ms === undefined ? '' : `${Math.round(f.share * ms * 1000)} µs`.padStart(8)}  ${f.function}  [${f.package}] ${f.where}`,
      );
  }
  lines.push('', 'PostgreSQL per purchase (pg_stat_statements; commits from pg_stat_database):');
  if (s.postgres.note) lines.push(`  ${s.postgres.note}`);
  for (const [db, d] of Object.entries(s.postgres.perDatabase))
    lines.push(
      `  ${db.padEnd(9)} ${d.callsPerPurchase ?? '-'} statements, ${d.execMsPerPurchase ?? '-'} ms executing, ${d.commitsPerPurchase} commits`,
    );
  if (s.postgres.topStatements.length)
    lines.push('  top statements by total time (ms and calls per purchase, mean ms):');
  for (const t of s.postgres.topStatements)
    lines.push(
      `    ${String(t.msPerPurchase).padStart(6)} ${String(t.callsPerPurchase).padStart(6)} ${String(t.meanMs).padStart(7)}  ${t.db}: ${t.query.slice(0, 140)}`,
    );
  lines.push('', 'Mongo-wire server (FerretDB) commands per purchase:');
  if (s.ferretdb.note) lines.push(`  ${s.ferretdb.note}`);
  if (s.ferretdb.commandsPerPurchase && !s.ferretdb.totalPerPurchase) lines.push('  none');
  else if (s.ferretdb.commandsPerPurchase)
    lines.push(
      `  ${s.ferretdb.totalPerPurchase} in all: ${Object.entries(s.ferretdb.commandsPerPurchase)
        .sort(([, a], [, b]) => b - a)
        .map(([c, n]) => `${c} ${n}`)
        .join(', ')}`,
    );
  lines.push(
    '  (the ferretdb database and these counters are shared: anything else using the stack meanwhile counts too)',
    '',
    `Kafka: ${s.kafka.note}`,
  );
  return lines.join('\n');
}
