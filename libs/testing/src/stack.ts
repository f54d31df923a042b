import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const script = resolve(__dirname, '../../../scripts/stack/stack.sh');

/** Stops or starts a server of the local stack (fault-injection tests). */
export function stack(
  command: 'stop' | 'start' | 'restart',
  component: 'kafka' | 'postgres' | 'ferretdb' | 'mail',
): void {
  execFileSync('bash', [script, command, component], { stdio: 'inherit' });
}

export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  { timeoutMs = 30_000, intervalMs = 250 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!accept(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, intervalMs));
    last = await probe();
  }
  return last;
}
