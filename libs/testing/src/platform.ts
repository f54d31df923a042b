import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { TOPIC_VARIABLES } from '@event-tickets/contracts';
import { uniqueName } from './apps';
import { createTestDatabase } from './postgres';
import { type TcpProxy, tcpProxy } from './tcp-proxy';
import { paymentTokenKeys } from './tokens';

export const APP_NAMES = ['users', 'events', 'payments', 'clients', 'tickets', 'marketing'] as const;
export type AppName = (typeof APP_NAMES)[number];

const root = resolve(__dirname, '../../..');
const DEFAULT_PORTS: Record<AppName, number> = {
  users: 3000,
  events: 3001,
  payments: 3002,
  clients: 3004,
  tickets: 4001,
  marketing: 3005,
};
const POSTGRES_APPS: AppName[] = ['events', 'payments', 'clients'];

export interface Platform {
  run: string;
  /** Each app's port (its first replica). */
  ports: Record<AppName, number>;
  /** Each app's URL (its first replica). */
  url: Record<AppName, string>;
  /** Every replica's URL, the first replica first (`url[app]` is `urls[app][0]`). */
  urls: Record<AppName, string[]>;
  /** The env every app got (topics, databases, secrets), plus its own PORT/DB_NAME/MONGODB_DB. */
  env: Record<string, string>;
  admin: { email: string; password: string };
  /** The PostgreSQL database of each PostgreSQL app. */
  database: Partial<Record<AppName, string>>;
  /** With `eventsProxy: true`: the proxy payments reaches events through (slow it, cut it). */
  eventsProxy?: TcpProxy;
  /** Process output of an app's replica so far (JSON lines). */
  logs(app: AppName, replica?: number): string;
  /** The replica's process id (while it runs). */
  pid(app: AppName, replica?: number): number | undefined;
  kill(app: AppName, signal?: NodeJS.Signals, replica?: number): Promise<void>;
  start(app: AppName, replica?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface PlatformOptions {
  /** `ports: 'free'` puts every app on a free port (beside apps already on the usual ones). */
  ports?: Partial<Record<AppName, number>> | 'free';
  /** Env for every app, over the run's own. */
  env?: Record<string, string>;
  /** Env for one app only, over `env` (a setting only that app reads, or reads differently). */
  appEnv?: Partial<Record<AppName, Record<string, string>>>;
  /**
   * Node's own options for one app's processes, before its script (flags NODE_OPTIONS refuses, such
   * as `--cpu-prof`).
   */
  nodeArgs?: Partial<Record<AppName, string[]>>;
  /**
   * Processes per app (1 by default). Every replica has its own port (a free one beyond the first)
   * and the same database, consumer group and env: replicas of one deployment.
   */
  replicas?: Partial<Record<AppName, number>>;
  /** Put a `tcpProxy` between payments and events (EVENTS_URL points at it): `platform.eventsProxy`. */
  eventsProxy?: boolean;
}

/** A TCP port free on 127.0.0.1 right now (for a server the test starts next). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * The six apps as `npm start` runs them (built JS, one process each, or several replicas), with
 * run-unique topics, databases and consumer groups so a run never sees another run's data.
 * Requires `npm run build` first.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  for (const app of APP_NAMES) {
    if (!existsSync(resolve(root, `dist/apps/${app}/src/main.js`)))
      throw new Error(`dist/apps/${app} is missing: run npm run build`);
  }
  const run = uniqueName('e2e').toLowerCase();
  const ports: Record<AppName, number> =
    options.ports === 'free'
      ? (Object.fromEntries(await Promise.all(APP_NAMES.map(async (a) => [a, await freePort()]))) as Record<
          AppName,
          number
        >)
      : { ...DEFAULT_PORTS, ...options.ports };
  const replicaPorts = Object.fromEntries(
    await Promise.all(
      APP_NAMES.map(async (a) => {
        const extra = Math.max(0, (options.replicas?.[a] ?? 1) - 1);
        return [a, [ports[a], ...(await Promise.all(Array.from({ length: extra }, freePort)))]];
      }),
    ),
  ) as Record<AppName, number[]>;
  const databases = Object.fromEntries(
    await Promise.all(POSTGRES_APPS.map(async (a) => [a, await createTestDatabase(`${run}_${a}`)] as const)),
  );
  const eventsProxy = options.eventsProxy ? await tcpProxy(ports.events) : undefined;
  const admin = { email: `admin-${run}@example.com`, password: 'admin-password-e2e' };
  const common: Record<string, string> = {
    ...(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >),
    ...Object.fromEntries(TOPIC_VARIABLES.map((t) => [t, `${t}_${run}`])),
    INTERNAL_API_TOKEN: randomBytes(24).toString('hex'),
    PAYMENT_TOKEN_KEYS: paymentTokenKeys(),
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    EVENTS_URL: `http://127.0.0.1:${eventsProxy?.port ?? ports.events}`,
    TICKETS_URL: `http://127.0.0.1:${ports.tickets}`,
    KAFKA_GROUP_PREFIX: `${run}-`,
    KAFKA_SESSION_TIMEOUT_MS: '10000',
    // Every verifier polls users' revocations, often enough that a test sees one within seconds.
    TOKEN_REVOCATIONS_URL: `http://127.0.0.1:${ports.users}/internal/revocations`,
    TOKEN_REVOCATIONS_POLL_MS: '1000',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'info',
    ...options.env,
  };
  const appEnv = (app: AppName, replica: number): Record<string, string> => ({
    ...common,
    PORT: String(replicaPorts[app][replica]),
    HOST: '127.0.0.1',
    KAFKA_GROUP_ID: `${app}-${run}`,
    ...(POSTGRES_APPS.includes(app) ? { DB_NAME: databases[app]!.name } : { MONGODB_DB: `${run}_${app}` }),
    ...options.appEnv?.[app],
  });
  const processes = new Map<string, ChildProcess>();
  const output = new Map<string, string[]>();
  const id = (app: AppName, replica: number) => {
    if (!replicaPorts[app][replica]) throw new Error(`${app} has no replica ${replica}`);
    return `${app}#${replica}`;
  };
  const replicaUrl = (app: AppName, replica: number) => `http://127.0.0.1:${replicaPorts[app][replica]}`;
  const everyReplica = APP_NAMES.flatMap((a) => replicaPorts[a].map((_, i) => [a, i] as const));

  const start = async (app: AppName, replica = 0) => {
    const name = id(app, replica);
    const script = resolve(root, `dist/apps/${app}/src/main.js`);
    const child = spawn(process.execPath, [...(options.nodeArgs?.[app] ?? []), script], {
      cwd: root,
      env: appEnv(app, replica),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = output.get(name) ?? [];
    output.set(name, lines);
    child.stdout!.on('data', (d: Buffer) => lines.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => lines.push(d.toString()));
    processes.set(name, child);
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null)
        throw new Error(`${name} exited at start:\n${lines.join('').slice(-3000)}`);
      try {
        if ((await fetch(`${replicaUrl(app, replica)}/health`)).ok) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`${name} not healthy after 90 s:\n${lines.join('').slice(-3000)}`);
  };
  const kill = async (app: AppName, signal: NodeJS.Signals = 'SIGTERM', replica = 0) => {
    const child = processes.get(id(app, replica));
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const killAll = (signal?: NodeJS.Signals) => Promise.all(everyReplica.map(([a, i]) => kill(a, signal, i)));

  try {
    // First replicas together, then the others: fewer processes booting at once on a small machine.
    await Promise.all(APP_NAMES.map((a) => start(a)));
    await Promise.all(everyReplica.filter(([, i]) => i > 0).map(([a, i]) => start(a, i)));
  } catch (error) {
    await killAll('SIGKILL');
    await eventsProxy?.close();
    throw error;
  }
  return {
    run,
    ports,
    url: Object.fromEntries(APP_NAMES.map((a) => [a, replicaUrl(a, 0)])) as Record<AppName, string>,
    urls: Object.fromEntries(
      APP_NAMES.map((a) => [a, replicaPorts[a].map((_, i) => replicaUrl(a, i))]),
    ) as Record<AppName, string[]>,
    env: common,
    admin,
    database: Object.fromEntries(Object.entries(databases).map(([a, d]) => [a, d!.name])),
    eventsProxy,
    logs: (app, replica = 0) => (output.get(id(app, replica)) ?? []).join(''),
    pid: (app, replica = 0) => processes.get(id(app, replica))?.pid,
    kill,
    start,
    async stop() {
      await killAll();
      await eventsProxy?.close();
      await Promise.all(Object.values(databases).map((d) => d!.drop().catch(() => undefined)));
    },
  };
}
