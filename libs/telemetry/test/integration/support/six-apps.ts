import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { TOPIC_VARIABLES } from '@event-tickets/contracts';
import { createTestDatabase, uniqueName } from '@event-tickets/testing';

export const APPS = ['users', 'events', 'payments', 'clients', 'tickets', 'marketing'] as const;
export type App = (typeof APPS)[number];
const POSTGRES: readonly App[] = ['events', 'payments', 'clients'];
const root = resolve(__dirname, '../../../../..');

export interface SixApps {
  run: string;
  ports: Record<App, number>;
  url: Record<App, string>;
  admin: { email: string; password: string };
  /** The PostgreSQL database of each PostgreSQL app. */
  database: Partial<Record<App, string>>;
  /** The app's stdout and stderr so far (JSON lines). */
  output(app: App): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * The six apps as separate processes started from source the way `npm start` runs them
 * (`@event-tickets/telemetry/register` first, so tracing is on), on free ports, with run-unique
 * databases, topics and consumer groups so a run never meets another run's messages.
 */
export async function startSixApps(env: Record<string, string> = {}): Promise<SixApps> {
  const run = uniqueName('obs').toLowerCase();
  const ports = Object.fromEntries(await Promise.all(APPS.map(async (a) => [a, await freePort()]))) as Record<
    App,
    number
  >;
  const databases = Object.fromEntries(
    await Promise.all(POSTGRES.map(async (a) => [a, await createTestDatabase(`${a}_obs`)] as const)),
  );
  const admin = { email: `admin-${run}@example.com`, password: 'admin-password-obs' };
  const common: Record<string, string> = {
    ...(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >),
    ...Object.fromEntries(TOPIC_VARIABLES.map((t) => [t, `${t}_${run}`])),
    INTERNAL_API_TOKEN: randomBytes(24).toString('hex'),
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    BCRYPT_COST: '4',
    EVENTS_URL: `http://127.0.0.1:${ports.events}`,
    KAFKA_GROUP_PREFIX: `${run}-`,
    KAFKA_TOPIC_PARTITIONS: '1',
    KAFKA_SESSION_TIMEOUT_MS: '10000',
    LOG_LEVEL: 'info',
    ...env,
  };
  const children = new Map<App, ChildProcess>();
  const output = new Map<App, string[]>();
  const start = async (app: App) => {
    const lines: string[] = [];
    output.set(app, lines);
    const child = spawn(process.execPath, ['-r', '@swc-node/register', `apps/${app}/src/main.ts`], {
      cwd: root,
      env: {
        ...common,
        PORT: String(ports[app]),
        HOST: '127.0.0.1',
        KAFKA_GROUP_ID: `${app}-${run}`,
        ...(POSTGRES.includes(app) ? { DB_NAME: databases[app]!.name } : { MONGODB_DB: `${run}_${app}` }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.set(app, child);
    child.stdout!.on('data', (d: Buffer) => lines.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => lines.push(d.toString()));
    const deadline = Date.now() + 150_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${app} exited at start:\n${lines.join('').slice(-3000)}`);
      try {
        if ((await fetch(`http://127.0.0.1:${ports[app]}/health`)).ok) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`${app} not healthy after 150 s:\n${lines.join('').slice(-3000)}`);
  };
  const stopAll = async () => {
    await Promise.all(
      [...children.values()].map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }),
    );
    await Promise.all(Object.values(databases).map((d) => d.drop().catch(() => undefined)));
  };
  try {
    await Promise.all(APPS.map(start));
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    run,
    ports,
    url: Object.fromEntries(APPS.map((a) => [a, `http://127.0.0.1:${ports[a]}`])) as Record<App, string>,
    admin,
    database: Object.fromEntries(Object.entries(databases).map(([a, d]) => [a, d.name])),
    output: (app) => (output.get(app) ?? []).join(''),
    stop: stopAll,
  };
}
