import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from '@event-tickets/testing';

const root = resolve(__dirname, '../../../../..');

export interface AppProcess {
  url: string;
  output(): string;
  /** SIGTERM; resolves with how long the process took to exit. */
  stop(): Promise<number>;
}

/** One app as its own process, started from source through its main.ts (so the telemetry hook runs). */
export async function startAppProcess(app: string, env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  const lines: string[] = [];
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', '@swc-node/register', `apps/${app}/src/main.ts`],
    {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'info', ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.on('data', (d: Buffer) => lines.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => lines.push(d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${app} exited at start:\n${lines.join('').slice(-3000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${app} not healthy after 90 s:\n${lines.join('').slice(-3000)}`);
    }
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    output: () => lines.join(''),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return 0;
      const started = Date.now();
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return Date.now() - started;
    },
  };
}
