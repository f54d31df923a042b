import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Integration tests need the real servers: bring the local stack up (idempotent, fast when it is
 * already running). STACK_EXTERNAL=1 skips this when the servers are provided some other way.
 */
export default function globalSetup(): void {
  if (process.env.STACK_EXTERNAL === '1') return;
  const script = resolve(__dirname, '../../../scripts/stack/stack.sh');
  execFileSync('bash', [script, 'up'], { stdio: 'inherit' });
}
