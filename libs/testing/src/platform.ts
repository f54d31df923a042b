import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { TOPIC_VARIABLES } from '@event-tickets/contracts';
import { uniqueName } from './apps';
import { createTestDatabase } from './postgres';

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
  ports: Record<AppName, number>;
  url: Record<AppName, string>;
  /** The env every app got (topics, databases, secrets), plus its own PORT/DB_NAME/MONGODB_DB. */
  env: Record<string, string>;
  admin: { email: string; password: string };
  /** The PostgreSQL database of each PostgreSQL app. */
  database: Partial<Record<AppName, string>>;
  /** Process output of an app so far (JSON lines). */
  logs(app: AppName): string;
  /** The app's process id (while it runs). */
  pid(app: AppName): number | undefined;
  kill(app: AppName, signal?: NodeJS.Signals): Promise<void>;
  start(app: AppName): Promise<void>;
  stop(): Promise<void>;
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
 * The six apps as `npm start` runs them (built JS, one process each, real servers behind them), with
 * run-unique topics, databases and consumer groups so a run never sees another run's data.
 * Requires `npm run build` first.
 */
export async function startPlatform(
  /** `ports: 'free'` puts every app on a free port (beside apps already on the usual ones). */
  options: { ports?: Partial<Record<AppName, number>> | 'free'; env?: Record<string, string> } = {},
): Promise<Platform> {
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
  const databases = Object.fromEntries(
    await Promise.all(POSTGRES_APPS.map(async (a) => [a, await createTestDatabase(`${run}_${a}`)] as const)),
  );
  const admin = { email: `admin-${run}@example.com`, password: 'admin-password-e2e' };
  const common: Record<string, string> = {
    ...(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >),
    ...Object.fromEntries(TOPIC_VARIABLES.map((t) => [t, `${t}_${run}`])),
    INTERNAL_API_TOKEN: randomBytes(24).toString('hex'),
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    EVENTS_URL: `http://127.0.0.1:${ports.events}`,
    KAFKA_GROUP_PREFIX: `${run}-`,
    KAFKA_SESSION_TIMEOUT_MS: '10000',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'info',
    ...options.env,
  };
  const appEnv = (app: AppName): Record<string, string> => ({
    ...common,
    PORT: String(ports[app]),
    HOST: '127.0.0.1',
    KAFKA_GROUP_ID: `${app}-${run}`,
    ...(POSTGRES_APPS.includes(app) ? { DB_NAME: databases[app]!.name } : { MONGODB_DB: `${run}_${app}` }),
  });
  const processes = new Map<AppName, ChildProcess>();
  const output = new Map<AppName, string[]>();

  const start = async (app: AppName) => {
    const child = spawn(process.execPath, [resolve(root, `dist/apps/${app}/src/main.js`)], {
      cwd: root,
      env: appEnv(app),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = output.get(app) ?? [];
    output.set(app, lines);
    child.stdout!.on('data', (d: Buffer) => lines.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => lines.push(d.toString()));
    processes.set(app, child);
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${app} exited at start:\n${lines.join('').slice(-3000)}`);
      try {
        if ((await fetch(`http://127.0.0.1:${ports[app]}/health`)).ok) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`${app} not healthy after 90 s:\n${lines.join('').slice(-3000)}`);
  };
  const kill = async (app: AppName, signal: NodeJS.Signals = 'SIGTERM') => {
    const child = processes.get(app);
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };

  try {
    await Promise.all(APP_NAMES.map(start));
  } catch (error) {
    await Promise.all(APP_NAMES.map((a) => kill(a, 'SIGKILL')));
    throw error;
  }
  return {
    run,
    ports,
    url: Object.fromEntries(APP_NAMES.map((a) => [a, `http://127.0.0.1:${ports[a]}`])) as Record<
      AppName,
      string
    >,
    env: common,
    admin,
    database: Object.fromEntries(Object.entries(databases).map(([a, d]) => [a, d!.name])),
    logs: (app) => (output.get(app) ?? []).join(''),
    pid: (app) => processes.get(app)?.pid,
    kill,
    start,
    async stop() {
      await Promise.all(APP_NAMES.map((a) => kill(a)));
      await Promise.all(Object.values(databases).map((d) => d!.drop().catch(() => undefined)));
    },
  };
}
