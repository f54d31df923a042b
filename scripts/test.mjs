#!/usr/bin/env node
/**
 * `npm test`: the stack (provisioned and started if needed), lint, typecheck, build, then the unit,
 * integration and end-to-end tests. Ends with one line `N passed, N failed`, counting every check and every test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stackEnv } from './apps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = stackEnv({ LOG_LEVEL: 'error' });
let passed = 0;
let failed = 0;
const failures = [];

function run(name, cmd, args) {
  console.log(`\n[test] ${name}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
  const ok = result.status === 0;
  console.log(`[test] ${name}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return ok;
}

function check(name, cmd, args) {
  if (run(name, cmd, args)) passed += 1;
  else {
    failed += 1;
    failures.push(name);
  }
}

if (process.env.STACK_EXTERNAL !== '1' && !run('stack', 'bash', ['scripts/stack/stack.sh', 'up'])) {
  console.log('\nthe local stack did not start: see the messages above');
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
}
check('lint', 'npx', ['eslint', '--max-warnings', '0', '.']);
check('format', 'npx', ['prettier', '--check', '.']);
check('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
// The end-to-end suite runs the built apps, as `npm start` does.
check('build', 'npm', ['run', '--silent', 'build']);

const out = join(mkdtempSync(join(tmpdir(), 'jest-')), 'results.json');
run('jest', 'npx', [
  'jest',
  '--runInBand',
  '--forceExit',
  '--json',
  `--outputFile=${out}`,
  ...process.argv.slice(2),
]);
try {
  const results = JSON.parse(readFileSync(out, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  // A suite that fails before its tests run (a syntax error, a failing beforeAll) counts as a failure.
  const broken = results.testResults.filter(
    (s) => s.status === 'failed' && s.assertionResults.every((a) => a.status !== 'failed'),
  );
  failed += broken.length;
  for (const s of results.testResults.filter((s) => s.status === 'failed'))
    failures.push(s.name.replace(`${root}/`, ''));
} catch {
  failed += 1;
  failures.push('jest (no results written)');
}
if (failures.length) console.log(`\nfailed: ${failures.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
