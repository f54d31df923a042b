import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/promql';
import { yamlFile } from './support/prometheus';

const checkDeploy = join(repoRoot, 'scripts/check-deploy.sh');
const APP_PORTS = {
  users: 3000,
  events: 3001,
  payments: 3002,
  clients: 3004,
  tickets: 4001,
  marketing: 3005,
};

/** Runs one check of scripts/check-deploy.sh; the output is shown when it fails. */
function check(name: string): { status: number | null; output: string } {
  const r = spawnSync('bash', [checkDeploy, name], { cwd: repoRoot, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

interface Service {
  image?: string;
  build?: { args?: Record<string, string> };
  ports?: (string | { published: string | number; target: number })[];
  environment?: Record<string, string>;
  secrets?: (string | { source: string })[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
  profiles?: string[];
  labels?: Record<string, string>;
  user?: string;
}
interface Compose {
  services: Record<string, Service>;
  secrets: Record<string, { file: string }>;
  volumes?: Record<string, unknown>;
}

const compose = (profile?: string): Compose =>
  JSON.parse(
    execFileSync('bash', [checkDeploy, 'compose-json', ...(profile ? [profile] : [])], {
      cwd: repoRoot,
      encoding: 'utf8',
    }),
  ) as Compose;

const hostPort = (p: Service['ports'] extends (infer T)[] | undefined ? T : never) =>
  typeof p === 'string' ? p.split(':').slice(-2, -1)[0]! : String(p.published);
const secretNames = (s: Service) => (s.secrets ?? []).map((x) => (typeof x === 'string' ? x : x.source));

/**
 * The deployment files, validated by the tools that will run them (no Docker engine here):
 * Debian's docker-compose and promtool, installed by scripts/check-deploy.sh when missing.
 */
describe('deployment files (docker-compose.yml, docker/, observability/)', () => {
  beforeAll(() => {
    execFileSync('bash', [checkDeploy, 'provision'], { cwd: repoRoot, stdio: 'inherit' });
  }, 600_000);

  it('docker-compose config accepts docker-compose.yml, with and without the elk profile', () => {
    const r = check('compose');
    expect(r.output).toContain('docker-compose.yml is valid');
    expect(r.status).toBe(0);
  });

  it('runs the six apps from the one Dockerfile, on their ports, exporting traces to the collector', () => {
    const { services } = compose();
    for (const [app, port] of Object.entries(APP_PORTS)) {
      const s = services[app]!;
      expect(s.build?.args).toEqual({ APP: app });
      expect(s.ports?.map(hostPort)).toEqual([String(port)]);
      expect(s.environment).toMatchObject({
        PORT: String(port),
        INTERNAL_PORT: '9100',
        OTEL_SERVICE_NAME: app,
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        NODE_ENV: 'production',
      });
      // users has no topic; the others reach Kafka on its SASL listener.
      if (app === 'users') expect(s.environment!.KAFKA_BROKERS).toBeUndefined();
      else
        expect(s.environment).toMatchObject({
          KAFKA_BROKERS: 'kafka:9092',
          KAFKA_SASL_MECHANISM: 'scram-sha-512',
        });
      expect(s.labels?.['event-tickets-logs']).toBe('json');
    }
    // The seat-hold API of events is on its internal port.
    expect(services.payments!.environment).toMatchObject({
      EVENTS_URL: 'http://events:9100',
      MAIL_HOST: 'mailpit',
      // production refuses to start the simulated gateway unless it is chosen explicitly
      PAYMENT_GATEWAY: 'simulated',
    });
    for (const app of ['events', 'payments', 'clients'])
      expect(services[app]!.environment).toMatchObject({ DB_HOST: 'postgres', DB_NAME: app });
    for (const app of ['users', 'tickets', 'marketing'])
      expect(services[app]!.environment).toMatchObject({
        MONGODB_URL: 'mongodb://mongodb:27017',
        MONGODB_DB: app,
      });
  });

  it('hands secrets over as Docker secrets (X_FILE), never as plain variables', () => {
    const { services, secrets } = compose('elk');
    for (const [name, s] of Object.entries(services)) {
      for (const [key, value] of Object.entries(s.environment ?? {})) {
        expect(`${name} ${key}`).not.toMatch(/(PASSWORD|PASS|SECRET|TOKEN|PRIVATE_KEY)$/);
        if (!key.endsWith('_FILE')) continue;
        const secret = value.replace('/run/secrets/', '');
        expect(secretNames(s)).toContain(secret);
        expect(secrets[secret]).toBeDefined();
      }
    }
    expect(services.users!.environment).toMatchObject({
      JWT_PRIVATE_KEY_FILE: '/run/secrets/jwt_private_key',
      ADMIN_PASSWORD_FILE: '/run/secrets/admin_password',
    });
    expect(services.events!.environment).toMatchObject({
      DB_USER: 'events',
      DB_PASSWORD_FILE: '/run/secrets/postgres_events_password',
      INTERNAL_API_TOKEN_FILE: '/run/secrets/internal_api_token',
    });
    expect(services.payments!.environment).toMatchObject({
      PAYMENT_TOKEN_KEYS_FILE: '/run/secrets/payment_token_keys',
    });
    for (const app of Object.keys(APP_PORTS).filter((a) => a !== 'users'))
      expect(services[app]!.environment!.JWT_PUBLIC_KEY_FILE).toBe('/run/secrets/jwt_public_key');
  });

  it('docker/secrets/generate.sh creates every secret the compose file declares, and keeps them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
    try {
      execFileSync('bash', [join(repoRoot, 'docker/secrets/generate.sh'), dir], { stdio: 'pipe' });
      const declared = Object.values(compose('elk').secrets).map((s) => s.file.split('/').pop()!);
      expect(readdirSync(dir).sort()).toEqual([...declared].sort());
      expect(readFileSync(join(dir, 'jwt_private_key'), 'utf8')).toContain('BEGIN PRIVATE KEY');
      expect(readFileSync(join(dir, 'payment_token_keys'), 'utf8')).toMatch(/^k1=[A-Za-z0-9+/]{43}=\n$/);
      const before = readFileSync(join(dir, 'postgres_password'), 'utf8');
      expect(before).toMatch(/^[0-9a-f]{48}$/);
      execFileSync('bash', [join(repoRoot, 'docker/secrets/generate.sh'), dir], { stdio: 'pipe' });
      expect(readFileSync(join(dir, 'postgres_password'), 'utf8')).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const ignored = readFileSync(join(repoRoot, 'docker/secrets/.gitignore'), 'utf8');
    expect(ignored.split('\n')).toEqual(expect.arrayContaining(['*', '!generate.sh', '!.gitignore']));
  });

  it('publishes no host port twice, and the servers and UIs on loopback only', () => {
    const { services } = compose('elk');
    const published = Object.entries(services).flatMap(([name, s]) =>
      (s.ports ?? []).map((p) => ({ name, port: hostPort(p), spec: typeof p === 'string' ? p : '' })),
    );
    const ports = published.map((p) => p.port);
    expect(new Set(ports).size).toBe(ports.length);
    for (const p of published.filter((x) => !(x.name in APP_PORTS))) expect(p.spec).toMatch(/^127\.0\.0\.1:/);
    expect(published.find((p) => p.name === 'grafana')?.port).toBe('3006');
  });

  it('starts things in order: servers healthy and topics created before the apps', () => {
    const { services } = compose();
    for (const app of ['events', 'payments', 'clients', 'tickets', 'marketing'])
      expect(services[app]!.depends_on?.['kafka-init']).toEqual({
        condition: 'service_completed_successfully',
      });
    expect(services['kafka-init']!.depends_on).toEqual({ kafka: { condition: 'service_healthy' } });
    expect(services.payments!.depends_on).toMatchObject({
      postgres: { condition: 'service_healthy' },
      mailpit: { condition: 'service_healthy' },
      events: { condition: 'service_healthy' },
    });
    for (const name of ['postgres', 'mongodb', 'kafka', 'mailpit', 'prometheus', 'grafana'])
      expect(services[name]!.healthcheck).toBeDefined();
    expect(services.kafka!.image).toMatch(/^apache\/kafka:3\.9\./);
    expect(services.kafka!.environment).toMatchObject({ KAFKA_PROCESS_ROLES: 'broker,controller' });
  });

  it('keeps Elasticsearch, Kibana and Filebeat behind the elk profile', () => {
    // A service with a profile only starts when its profile is active (`docker compose --profile elk up`).
    const { services } = compose('elk');
    const profiled = Object.entries(services).filter(([, s]) => s.profiles?.length);
    expect(profiled.map(([name]) => name).sort()).toEqual([
      'elasticsearch',
      'elk-setup',
      'filebeat',
      'kibana',
    ]);
    for (const [, s] of profiled) expect(s.profiles).toEqual(['elk']);
    expect(services.elasticsearch!.environment).toMatchObject({ 'xpack.security.enabled': 'true' });
  });

  it('builds every app from one multi-stage Dockerfile: Node LTS, non-root, health check', () => {
    const dockerfile = readFileSync(join(repoRoot, 'docker/Dockerfile'), 'utf8');
    const nodeVersion = Number(dockerfile.match(/^ARG NODE_VERSION=(\d+)$/m)?.[1]);
    expect(nodeVersion % 2).toBe(0); // LTS lines are even
    expect(nodeVersion).toBeGreaterThanOrEqual(22);
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/^ARG APP$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    const ignore = readFileSync(join(repoRoot, '.dockerignore'), 'utf8').split('\n');
    expect(ignore).toEqual(expect.arrayContaining(['**/node_modules', 'dist', '.git', 'docker/secrets']));
  });

  it('promtool accepts both Prometheus configs and the alert rules', () => {
    const r = check('prometheus');
    expect(r.output).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it('the alert rules pass their unit tests (promtool test rules)', () => {
    const r = check('rules');
    expect(r.output).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it('Prometheus scrapes each app where compose runs it; the local config where npm start does', () => {
    type Config = { scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[] };
    const targets = (file: string) =>
      Object.fromEntries(
        yamlFile<Config>(`observability/prometheus/${file}`).scrape_configs.map((j) => [
          j.job_name,
          j.static_configs.flatMap((c) => c.targets),
        ]),
      );
    const inCompose = targets('prometheus.yml');
    const local = targets('prometheus.local.yml');
    for (const [app, port] of Object.entries(APP_PORTS)) {
      expect(inCompose[app]).toEqual([`${app}:9100`]); // the internal port, not published

      expect(local[app]).toEqual([`127.0.0.1:${port}`]);
    }
  });

  it('the collector (built from its Go modules at the compose version) accepts its config', () => {
    const r = check('collector');
    expect(r.output).toContain('the collector accepts its config');
    expect(r.status).toBe(0);
  }, 600_000);

  it('the collector takes OTLP in and sends traces to Jaeger, with no metrics or logs pipeline', () => {
    type Collector = {
      receivers: { otlp: { protocols: { http: { endpoint: string }; grpc: { endpoint: string } } } };
      exporters: Record<string, { endpoint: string }>;
      service: { pipelines: Record<string, { receivers: string[]; exporters: string[] }> };
    };
    const c = yamlFile<Collector>('observability/collector/otel-collector.yml');
    expect(c.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
    expect(Object.keys(c.service.pipelines)).toEqual(['traces']);
    expect(c.service.pipelines.traces!.receivers).toEqual(['otlp']);
    const exporter = c.service.pipelines.traces!.exporters[0]!;
    expect(c.exporters[exporter]!.endpoint).toBe('jaeger:4317');
    expect(compose().services.jaeger!.environment).toMatchObject({ COLLECTOR_OTLP_ENABLED: 'true' });
  });

  it('Grafana provisions Prometheus, Jaeger, Elasticsearch and the events database, and every dashboard uses them', () => {
    const r = check('dashboards');
    expect(r.status).toBe(0);
    type Datasources = { datasources: { uid: string; type: string; url: string }[] };
    const ds = yamlFile<Datasources>(
      'observability/grafana/provisioning/datasources/datasources.yml',
    ).datasources;
    expect(ds.map((d) => d.type).sort()).toEqual(
      ['elasticsearch', 'grafana-postgresql-datasource', 'jaeger', 'prometheus'].sort(),
    );
    const uids = new Set(ds.map((d) => d.uid));
    const dir = join(repoRoot, 'observability/grafana/dashboards');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(
      ['business', 'clients', 'events', 'marketing', 'messaging', 'payments', 'tickets', 'users'].map(
        (f) => `${f}.json`,
      ),
    );
    const used = (node: unknown): string[] =>
      Array.isArray(node)
        ? node.flatMap(used)
        : node && typeof node === 'object'
          ? Object.entries(node).flatMap(([k, v]) =>
              k === 'datasource' && v && typeof v === 'object' && 'uid' in v ? [String(v.uid)] : used(v),
            )
          : [];
    for (const file of files) {
      const references = used(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      expect(references.length).toBeGreaterThan(0);
      expect(references.filter((uid) => !uids.has(uid)).map((uid) => `${file}: ${uid}`)).toEqual([]);
    }
  });

  it('ships the apps’ JSON logs with Filebeat to Elasticsearch, and Kibana gets a saved data view', () => {
    const r = check('scripts');
    expect(r.status).toBe(0);
    type Filebeat = {
      'output.elasticsearch': { hosts: string[]; index: string };
      'filebeat.autodiscover': {
        providers: { templates: { condition: { equals: Record<string, string> } }[] }[];
      };
    };
    const fb = yamlFile<Filebeat>('observability/filebeat/filebeat.yml');
    expect(fb['output.elasticsearch'].hosts).toEqual(['http://elasticsearch:9200']);
    expect(fb['output.elasticsearch'].index).toMatch(/^event-tickets-logs-/);
    expect(fb['filebeat.autodiscover'].providers[0]!.templates[0]!.condition.equals).toEqual({
      'docker.container.labels.event-tickets-logs': 'json',
    });
    const saved = readFileSync(join(repoRoot, 'observability/kibana/saved-objects.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; attributes: { title: string; timeFieldName?: string } });
    expect(saved.find((o) => o.type === 'index-pattern')?.attributes).toMatchObject({
      title: 'event-tickets-logs-*',
      timeFieldName: '@timestamp',
    });
  });

  describe('least privilege (check-deploy.sh policy)', () => {
    const policy = (mutate: (c: Compose) => void, aclTable?: (table: string) => string) => {
      const c = compose();
      mutate(c);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PROMETHEUS_JSON: execFileSync(
          'bash',
          [checkDeploy, 'yaml-json', 'observability/prometheus/prometheus.yml'],
          {
            cwd: repoRoot,
            encoding: 'utf8',
          },
        ),
      };
      if (aclTable) {
        const dir = mkdtempSync(join(tmpdir(), 'kafka-init-'));
        env.KAFKA_INIT_SCRIPT = join(dir, 'init.sh');
        writeFileSync(
          env.KAFKA_INIT_SCRIPT,
          aclTable(readFileSync(join(repoRoot, 'docker/kafka/init.sh'), 'utf8')),
        );
      }
      const r = spawnSync('node', [join(repoRoot, 'scripts/check-deploy-policy.mjs')], {
        cwd: repoRoot,
        input: JSON.stringify(c),
        encoding: 'utf8',
        env,
      });
      return { status: r.status, output: `${r.stdout}${r.stderr}` };
    };

    it('holds for docker-compose.yml', () => {
      const r = check('policy');
      expect(r.output).toContain('deployment policy holds');
      expect(r.status).toBe(0);
    });

    it.each<[string, (c: Compose) => void, RegExp]>([
      [
        'an app as the PostgreSQL superuser',
        (c) => (c.services.events!.environment!.DB_USER = 'postgres'),
        /events: DB_USER is postgres/,
      ],
      [
        'two apps sharing a password',
        (c) => (c.services.clients!.environment!.DB_PASSWORD_FILE = '/run/secrets/postgres_events_password'),
        /clients: DB_PASSWORD_FILE names secret postgres_events_password, which it is not given/,
      ],
      [
        'an app given the superuser password',
        (c) => c.services.payments!.secrets!.push('postgres_password'),
        /payments: is given a superuser's password/,
      ],
      [
        'MongoDB without authentication',
        (c) => delete c.services.mongodb!.environment,
        /mongodb: no root user/,
      ],
      [
        'credentials in MONGODB_URL',
        (c) => (c.services.tickets!.environment!.MONGODB_URL = 'mongodb://tickets:pw@mongodb:27017'),
        /tickets: MONGODB_URL holds credentials/,
      ],
      [
        'a plaintext Kafka listener on the network',
        (c) => {
          const e = c.services.kafka!.environment!;
          e.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP = e.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP!.replace(
            'SASL:SASL_PLAINTEXT',
            'SASL:PLAINTEXT',
          );
        },
        /kafka: listener SASL is PLAINTEXT/,
      ],
      [
        'Kafka without SASL in an app',
        (c) => delete c.services.marketing!.environment!.KAFKA_SASL_MECHANISM,
        /marketing: KAFKA_SASL_MECHANISM is not SCRAM/,
      ],
      [
        'Kafka without ACLs',
        (c) => (c.services.kafka!.environment!.KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND = 'true'),
        /allow.everyone.if.no.acl.found/,
      ],
      [
        'the internal port published',
        (c) => c.services.events!.ports!.push('9100:9100'),
        /events: INTERNAL_PORT 9100 is published/,
      ],
      [
        'payments calling events on its public port',
        (c) => (c.services.payments!.environment!.EVENTS_URL = 'http://events:3001'),
        /payments: EVENTS_URL/,
      ],
      [
        'an app that does not poll the token revocations',
        (c) => delete c.services.tickets!.environment!.TOKEN_REVOCATIONS_URL,
        /tickets: TOKEN_REVOCATIONS_URL undefined is not http:\/\/users:9100\/internal\/revocations/,
      ],
      [
        'an app without the service token',
        (c) => delete c.services.marketing!.environment!.INTERNAL_API_TOKEN_FILE,
        /marketing: no service token/,
      ],
    ])('fails on %s', (_name, mutate, message) => {
      const r = policy(mutate);
      expect(r.output).toMatch(message);
      expect(r.status).toBe(1);
    });

    it('fails when an ACL is missing or more than an app uses', () => {
      const missing = policy(
        () => undefined,
        (s) => s.replace(/^tickets +read +group +tickets\n/m, ''),
      );
      expect(missing.output).toMatch(/tickets group is \[\], its code uses \[tickets\]/);
      const extra = policy(
        () => undefined,
        (s) => s.replace(/^(marketing +read +topic +CLIENT_CREATED_TOPIC)$/m, '$1 PAYMENT_SUCCEEDED_TOPIC'),
      );
      expect(extra.output).toMatch(/marketing read is \[CLIENT_CREATED_TOPIC,PAYMENT_SUCCEEDED_TOPIC\]/);
      expect(extra.status).toBe(1);
    });
  });
});
