/**
 * The least-privilege rules of the compose deployment, checked on `docker-compose config` output
 * (JSON on stdin) and the files it mounts. Run by `scripts/check-deploy.sh policy`; prints every
 * broken rule and exits 1, or prints "deployment policy holds".
 *
 *   - no app uses a database superuser; each has its own PostgreSQL / MongoDB / Kafka user, its
 *     password from a secret file of its own;
 *   - Kafka: clients reach only SASL listeners (the plaintext ones are bound to loopback), the
 *     authorizer is on, and docker/kafka/init.sh grants each app exactly what its code uses
 *     (@Consumes and MessagingModule `produces`, read from the sources): read on what it consumes
 *     with its consumer groups, write on what it produces and on the dead-letter topics of what
 *     it consumes;
 *   - INTERNAL_PORT is set on every app and never published; Prometheus scrapes it; payments
 *     calls events on it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const read = (path) => readFileSync(join(root, path), 'utf8');
const APPS = ['users', 'events', 'payments', 'clients', 'tickets', 'marketing'];
const problems = [];
const expect = (ok, message) => ok || problems.push(message);

const compose = JSON.parse(readFileSync(0, 'utf8'));
const prometheus = JSON.parse(process.env.PROMETHEUS_JSON ?? '{}');
const services = compose.services;
const env = (name) => services[name]?.environment ?? {};
const secretsOf = (name) =>
  (services[name]?.secrets ?? []).map((s) => (typeof s === 'string' ? s : s.source));
const secretOf = (path) => /^\/run\/secrets\/([\w-]+)$/.exec(path ?? '')?.[1];

// ---- what each app's code uses on Kafka ---------------------------------------------------------
function walk(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? walk(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts')
        ? [join(dir, e.name)]
        : [],
  );
}
const contracts = {}; // `Payments.PaymentCreatedV1` -> topic
for (const ns of ['payments', 'clients', 'events']) {
  const Ns = ns[0].toUpperCase() + ns.slice(1);
  for (const file of walk(`libs/contracts/src/${ns}`)) {
    for (const m of read(file).matchAll(/export const (\w+) = defineMessage\(\{[\s\S]*?topic: '(\w+)'/g))
      contracts[`${Ns}.${m[1]}`] = m[2];
  }
}
const contractTopic = (name) => contracts[name] ?? (problems.push(`unknown contract ${name}`), name);

function kafkaUse(app) {
  const use = { read: new Set(), write: new Set(), group: new Set() };
  const sources = walk(`apps/${app}/src`).map(read).join('\n');
  const defaultGroup = /kafkaEnv\('([\w-]+)'\)/.exec(sources)?.[1];
  for (const m of sources.matchAll(/@Consumes\((\w+\.\w+)(?:,\s*\{\s*group:\s*\w+\('([\w-]+)'\))?/g)) {
    const topic = contractTopic(m[1]);
    use.read.add(topic);
    use.write.add(`${topic}.DLQ`);
    use.group.add(m[2] ?? defaultGroup);
  }
  for (const m of sources.matchAll(/produces:\s*(?:\[([^\]]*)\]|Object\.values\((\w+)\))/g)) {
    const names = m[1]
      ? m[1]
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : Object.keys(contracts).filter((c) => c.startsWith(`${m[2]}.`));
    for (const name of names) use.write.add(contractTopic(name));
  }
  return use;
}

// ---- the ACL table of docker/kafka/init.sh ------------------------------------------------------
// (KAFKA_INIT_SCRIPT: another copy of it, for the policy's own test)
const initScript = readFileSync(process.env.KAFKA_INIT_SCRIPT ?? join(root, 'docker/kafka/init.sh'), 'utf8');
const table = /^ACLS="\n([\s\S]*?)^"/m.exec(initScript)?.[1] ?? '';
expect(table.trim(), 'docker/kafka/init.sh: no ACLS table');
const granted = {};
for (const line of table.split('\n').filter((l) => l.trim())) {
  const [app, access, resource, ...names] = line.trim().split(/\s+/);
  const key = resource === 'group' ? 'group' : access;
  granted[app] ??= { read: new Set(), write: new Set(), group: new Set() };
  for (const n of names) granted[app][key].add(n);
}
const same = (a, b) => [...a].sort().join(' ') === [...b].sort().join(' ');

// ---- the rules ----------------------------------------------------------------------------------
const pgSuper = env('postgres').POSTGRES_USER ?? 'postgres';
const mongoRoot = env('mongodb').MONGO_INITDB_ROOT_USERNAME;
expect(
  mongoRoot && env('mongodb').MONGO_INITDB_ROOT_PASSWORD_FILE,
  'mongodb: no root user, so no authentication',
);
const ownSecrets = new Map();
const own = (app, key, secret) => {
  expect(secret, `${app}: ${key} is not a secret file`);
  expect(secretsOf(app).includes(secret), `${app}: ${key} names secret ${secret}, which it is not given`);
  expect(compose.secrets?.[secret]?.file, `${app}: secret ${secret} has no file`);
  expect(!ownSecrets.has(secret), `${app}: secret ${secret} is also ${ownSecrets.get(secret)}'s`);
  ownSecrets.set(secret, app);
};

const kafka = env('kafka');
const protocols = Object.fromEntries(
  (kafka.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP ?? '').split(',').map((p) => p.split(':')),
);
const listeners = (kafka.KAFKA_LISTENERS ?? '').split(',').map((l) => {
  const m = /^(\w+):\/\/([^:]*):(\d+)$/.exec(l.trim()) ?? [];
  return { name: m[1], host: m[2], port: m[3] };
});
for (const l of listeners) {
  expect(
    protocols[l.name]?.startsWith('SASL_') || l.host === '127.0.0.1',
    `kafka: listener ${l.name} is ${protocols[l.name]} and reachable from the network`,
  );
}
const saslPorts = listeners.filter((l) => protocols[l.name]?.startsWith('SASL_')).map((l) => l.port);
expect(kafka.KAFKA_AUTHORIZER_CLASS_NAME?.endsWith('StandardAuthorizer'), 'kafka: no StandardAuthorizer');
expect(
  String(kafka.KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND) === 'false',
  'kafka: allow.everyone.if.no.acl.found is not false',
);

for (const app of APPS) {
  const e = env(app);
  expect(
    !secretsOf(app).some((s) => s === 'postgres_password' || s === 'mongo_root_password'),
    `${app}: is given a superuser's password`,
  );
  if (e.DB_HOST) {
    expect(
      e.DB_USER === app && e.DB_USER !== pgSuper,
      `${app}: DB_USER is ${e.DB_USER}, not its own role ${app}`,
    );
    own(app, 'DB_PASSWORD_FILE', secretOf(e.DB_PASSWORD_FILE));
  }
  if (e.MONGODB_URL) {
    expect(!/\/\/[^/]*@/.test(e.MONGODB_URL), `${app}: MONGODB_URL holds credentials`);
    expect(
      e.MONGODB_USERNAME === app && e.MONGODB_USERNAME !== mongoRoot,
      `${app}: MONGODB_USERNAME is not its own user`,
    );
    own(app, 'MONGODB_PASSWORD_FILE', secretOf(e.MONGODB_PASSWORD_FILE));
  }
  const use = kafkaUse(app);
  const usesKafka = use.read.size + use.write.size > 0;
  expect(
    usesKafka === Boolean(e.KAFKA_BROKERS),
    `${app}: ${usesKafka ? 'uses Kafka without KAFKA_BROKERS' : 'has KAFKA_BROKERS but uses no topic'}`,
  );
  if (usesKafka) {
    expect(
      /^scram-sha-(256|512)$/.test(e.KAFKA_SASL_MECHANISM ?? ''),
      `${app}: KAFKA_SASL_MECHANISM is not SCRAM`,
    );
    expect(e.KAFKA_SASL_USERNAME === app, `${app}: KAFKA_SASL_USERNAME is not its own user`);
    own(app, 'KAFKA_SASL_PASSWORD_FILE', secretOf(e.KAFKA_SASL_PASSWORD_FILE));
    for (const broker of e.KAFKA_BROKERS.split(','))
      expect(saslPorts.includes(broker.split(':')[1]), `${app}: broker ${broker} is not a SASL listener`);
    const g = granted[app] ?? { read: new Set(), write: new Set(), group: new Set() };
    for (const key of ['read', 'write', 'group'])
      expect(
        same(g[key], use[key]),
        `docker/kafka/init.sh: ${app} ${key} is [${[...g[key]].sort()}], its code uses [${[...use[key]].sort()}]`,
      );
    expect(
      secretsOf('kafka-init').includes(secretOf(e.KAFKA_SASL_PASSWORD_FILE)),
      `kafka-init: not given ${app}'s Kafka password`,
    );
  } else {
    expect(!granted[app], `docker/kafka/init.sh: ACLs for ${app}, which uses no topic`);
  }
  const internal = e.INTERNAL_PORT;
  expect(internal && internal !== e.PORT, `${app}: no INTERNAL_PORT apart from PORT`);
  for (const p of services[app]?.ports ?? []) {
    const target = String(typeof p === 'string' ? p.split(':').pop() : p.target);
    expect(target !== String(internal), `${app}: INTERNAL_PORT ${internal} is published`);
  }
  const job = prometheus.scrape_configs?.find((j) => j.job_name === app);
  const targets = job?.static_configs?.flatMap((c) => c.targets) ?? [];
  expect(
    same(targets, [`${app}:${internal}`]),
    `prometheus.yml: job ${app} scrapes [${targets}], not ${app}:${internal}`,
  );
}
for (const app of Object.keys(granted))
  expect(APPS.includes(app), `docker/kafka/init.sh: ACLs for unknown app ${app}`);
// Revoked tokens end everywhere: every app holds the service token, every app but users polls
// users' revocation list on its internal port (users reads its own store).
for (const app of APPS) {
  const e = env(app);
  expect(
    secretOf(e.INTERNAL_API_TOKEN_FILE) === 'internal_api_token' &&
      secretsOf(app).includes('internal_api_token'),
    `${app}: no service token (INTERNAL_API_TOKEN_FILE)`,
  );
  if (app === 'users') continue;
  const want = `http://users:${env('users').INTERNAL_PORT}/internal/revocations`;
  expect(
    e.TOKEN_REVOCATIONS_URL === want,
    `${app}: TOKEN_REVOCATIONS_URL ${e.TOKEN_REVOCATIONS_URL} is not ${want}`,
  );
}
const eventsUrl = env('payments').EVENTS_URL ?? '';
expect(
  eventsUrl === `http://events:${env('events').INTERNAL_PORT}`,
  `payments: EVENTS_URL ${eventsUrl} is not events' internal port`,
);

if (problems.length) {
  console.error(`deployment policy broken (${problems.length}):\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
console.log('deployment policy holds');
