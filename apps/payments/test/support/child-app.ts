import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../../..');

export interface ChildApp {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Another app of the monorepo as its own process (apps never import each other, so the tests talk to
 * it over HTTP and Kafka as payments does): `node -r @swc-node/register apps/<name>/src/main.ts`,
 * on a free port, once its /health answers 200.
 */
export async function startChildApp(
  name: 'events' | 'users' | 'payments' | 'tickets',
  env: Record<string, string>,
): Promise<ChildApp> {
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(process.execPath, ['-r', '@swc-node/register', `apps/${name}/src/main.ts`], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline && child.exitCode === null) {
    const healthy = await fetch(`${url}/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (healthy)
      return {
        url,
        port,
        pid: child.pid ?? 0,
        stop: async () => {
          process.removeListener('exit', killOnExit);
          await stopChild(child);
        },
      };
    await new Promise((r) => setTimeout(r, 300));
  }
  await stopChild(child);
  throw new Error(
    `${name} did not become healthy (exit ${child.exitCode}):\n${output.join('').slice(-4000)}`,
  );
}
