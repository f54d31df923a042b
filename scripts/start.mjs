#!/usr/bin/env node
/**
 * `npm start`: provision and start the local stack if needed, build, start the six apps, wait for
 * every /health, print the URLs. Ctrl-C stops the apps (the stack keeps running: `npm run stack -- down`).
 * `npm start -- users events` starts only those apps.
 */
import { execFileSync, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APPS, bindAddress, FORMER_ADMIN_PASSWORD, localAdmin, localEnv, localUrl } from './apps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wanted = process.argv.slice(2);
const apps = wanted.length ? APPS.filter((a) => wanted.includes(a.name)) : APPS;
const step = (msg) => console.log(`\n[start] ${msg}`);

if (process.env.STACK_EXTERNAL !== '1') {
  step('local stack: PostgreSQL, Kafka, the Mongo-wire server, the SMTP catcher');
  execFileSync('bash', [join(root, 'scripts/stack/stack.sh'), 'up'], { stdio: 'inherit' });
}
step('building the apps');
execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });

const env = localEnv();
const admin = localAdmin();
const bound = bindAddress();
const children = apps.map((app) => {
  const child = spawn(process.execPath, [join(root, `dist/apps/${app.name}/src/main.js`)], {
    cwd: root,
    env: { ...env, PORT: env[`${app.name.toUpperCase()}_PORT`] ?? String(app.port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`[start] ${app.name} exited (${signal ?? code})`);
  });
  return { app, child };
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  step('stopping the apps');
  for (const { child } of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(0), 10000).unref();
  Promise.all(
    children.map(({ child }) => new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)))),
  ).then(() => process.exit(0));
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

step(`waiting for ${apps.length} apps to report healthy`);
const started = Date.now();
const deadline = started + 120_000;
const healthy = new Set();
while (healthy.size < apps.length && Date.now() < deadline && !stopping) {
  for (const { app } of apps.map((a) => ({ app: a }))) {
    if (healthy.has(app.name)) continue;
    try {
      const res = await fetch(`${localUrl(app.port)}/health`);
      if (res.ok) healthy.add(app.name);
    } catch {
      /* not listening yet */
    }
  }
  if (healthy.size < apps.length) await new Promise((r) => setTimeout(r, 500));
}
if (healthy.size < apps.length) {
  console.error(
    `[start] not healthy after 120 s: ${apps
      .filter((a) => !healthy.has(a.name))
      .map((a) => a.name)
      .join(', ')}`,
  );
  stop();
} else {
  console.log(`\n[start] all healthy in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  for (const a of apps)
    console.log(`  ${a.name.padEnd(10)} ${localUrl(a.port)}   Swagger ${localUrl(a.port)}/api`);
  console.log(`  mail UI    http://127.0.0.1:8025\n`);
  console.log(
    `  listening on ${bound}${bound === '127.0.0.1' ? ' (BIND_ADDRESS=0.0.0.0 to expose the apps)' : ''}`,
  );
  console.log(
    `  first admin ${admin.email}, password ${admin.passwordFile ? `in ${admin.passwordFile} (cat it)` : 'from ADMIN_PASSWORD'}`,
  );
  if (apps.some((a) => a.name === 'users')) await checkAdminPassword();
  console.log(`\nCtrl-C stops the apps.`);
}

/**
 * The first admin is created once: an account made by an earlier run keeps the password it was made
 * with. Say so when that is the formerly documented one, which anyone could read.
 */
async function checkAdminPassword() {
  const login = async (password) => {
    const res = await fetch(`${localUrl(APPS.find((a) => a.name === 'users').port)}/users/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin.email, password }),
    }).catch(() => undefined);
    return res?.ok === true;
  };
  if (await login(admin.password)) return;
  if (await login(FORMER_ADMIN_PASSWORD))
    console.warn(
      `\n[start] WARNING: ${admin.email} still has the formerly documented password "${FORMER_ADMIN_PASSWORD}",\n` +
        `  set by an earlier run. Change it (POST /users/me/password), or delete that account\n` +
        `  (DELETE /users/<id> as admin) and start again: it is then created with the generated password.`,
    );
  else
    console.warn(
      `\n[start] note: ${admin.email} does not log in with the configured password (changed since?)`,
    );
}
