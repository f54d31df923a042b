import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  APP_NAMES as APPS,
  eventually,
  type Platform,
  queryDatabase,
  startPlatform,
} from '@event-tickets/testing';
import { dashboardQueries, metricNames, repoRoot, ruleExpressions } from '../support/promql';
import { OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver';
import { type RunningPrometheus, startPrometheus } from './support/prometheus';
import { purchase } from './support/purchase';

const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

/** Exported series names of a /metrics page (histograms and summaries with their suffixed series). */
function exposedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(m[1]!);
    if (m[2] === 'histogram') ['_bucket', '_sum', '_count'].forEach((s) => names.add(m[1]! + s));
    if (m[2] === 'summary') ['_sum', '_count'].forEach((s) => names.add(m[1]! + s));
  }
  return names;
}

function printTrace(spans: ReceivedSpan[]) {
  const children = new Map<string, ReceivedSpan[]>();
  const ids = new Set(spans.map((s) => s.spanId));
  for (const s of spans) {
    const parent = s.parentSpanId && ids.has(s.parentSpanId) ? s.parentSpanId : 'root';
    children.set(parent, [...(children.get(parent) ?? []), s]);
  }
  const lines: string[] = [];
  const walk = (id: string, depth: number) => {
    for (const s of children.get(id) ?? []) {
      lines.push(`${'  '.repeat(depth)}${s.service} [${s.kind}] ${s.name}`);
      walk(s.spanId, depth + 1);
    }
  };
  walk('root', 0);
  console.log(lines.join('\n'));
}

/**
 * The platform's observability with all six apps running as `npm start` runs them (tracing hook
 * first), each on a free port: a real Prometheus scrapes them with the repo's config and rules,
 * and one purchase is followed across the apps through the spans they export over OTLP.
 */
describe('observability of the running platform (six apps, Prometheus, OTLP)', () => {
  const receiver = new OtlpReceiver();
  let platform: Platform;
  let prometheus: RunningPrometheus;

  beforeAll(async () => {
    const endpoint = await receiver.start();
    platform = await startPlatform({
      ports: 'free',
      env: {
        BCRYPT_COST: '4',
        KAFKA_TOPIC_PARTITIONS: '1',
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '200',
      },
    });
    prometheus = await startPrometheus(platform.ports);
  }, 300_000);

  afterAll(async () => {
    await prometheus?.stop();
    await platform?.stop();
    await receiver.stop();
  }, 60_000);

  it('Prometheus scrapes all six apps: up == 1 for each job', async () => {
    const up = await eventually(
      () => prometheus.query('up'),
      (result) => APPS.every((app) => result.some((r) => r.metric.job === app && r.value[1] === '1')),
      { timeoutMs: 60_000 },
    );
    for (const app of APPS)
      expect(up.find((r) => r.metric.job === app)).toMatchObject({
        metric: { job: app, instance: `127.0.0.1:${platform.ports[app]}` },
        value: [expect.any(Number), '1'],
      });
    // The apps label their own series with their service name.
    const rss = await prometheus.query('process_resident_memory_bytes');
    for (const app of APPS) expect(rss.find((r) => r.metric.job === app)?.metric.service).toBe(app);
  });

  it('loads the alert rules and evaluates every one of them without error', async () => {
    type Rules = {
      groups: { name: string; rules: { name: string; health: string; lastError?: string }[] }[];
    };
    const data = await eventually(
      () => prometheus.get<Rules>('/api/v1/rules'),
      (d) => d.groups.length > 0 && d.groups.every((g) => g.rules.every((r) => r.health !== 'unknown')),
      { timeoutMs: 30_000 },
    );
    expect(data.groups.map((g) => g.name).sort()).toEqual([
      'availability',
      'email',
      'http',
      'messaging',
      'workers',
    ]);
    const rules = data.groups.flatMap((g) => g.rules);
    expect(rules.filter((r) => r.health !== 'ok')).toEqual([]);
    expect(rules.map((r) => r.name).sort()).toEqual(
      ruleExpressions()
        .map((r) => r.alert)
        .sort(),
    );
    const firing = await prometheus.query('ALERTS{alertname="AppDown"}');
    expect(firing).toEqual([]);
  });

  it('every metric a dashboard or an alert reads is exported by a running app', async () => {
    const exported = new Set<string>(['up']);
    for (const app of APPS) {
      const text = await (await fetch(`${platform.url[app]}/metrics`)).text();
      exposedNames(text).forEach((n) => exported.add(n));
    }
    const read = [
      ...dashboardQueries().map((q) => ({ where: `${q.file} "${q.panel}"`, expr: q.expr })),
      ...ruleExpressions().map((r) => ({ where: `alert ${r.alert}`, expr: r.expr })),
    ];
    const missing = read.flatMap((q) =>
      metricNames(q.expr)
        .filter((n) => !exported.has(n))
        .map((n) => `${q.where}: ${n}`),
    );
    expect(missing).toEqual([]);
  });

  describe('one purchase', () => {
    let traceId: string;
    let clientSpanId: string;
    let eventId: number;
    let spans: ReceivedSpan[];

    beforeAll(async () => {
      ({ traceId, clientSpanId, eventId } = await purchase(platform));
      spans = await eventually(
        async () => receiver.trace(traceId),
        (s) =>
          ['payments', 'events', 'clients', 'tickets', 'marketing'].every((svc) =>
            s.some((x) => x.service === svc),
          ),
        { timeoutMs: 60_000 },
      );
      // Let the last batches (spans that ended with the emails) arrive.
      await new Promise((r) => setTimeout(r, 2000));
      spans = receiver.trace(traceId);
      if (process.env.PRINT_TRACE) printTrace(spans);
    }, 240_000);

    it('is one trace shared by at least four apps, starting at POST /payments', () => {
      const services = [...new Set(spans.map((s) => s.service))].sort();
      expect(services.length).toBeGreaterThanOrEqual(4);
      expect(services).toEqual(
        expect.arrayContaining(['clients', 'events', 'marketing', 'payments', 'tickets']),
      );
      const root = spans.find((s) => s.kind === SERVER && s.service === 'payments')!;
      expect(root).toMatchObject({ name: 'POST /payments', parentSpanId: clientSpanId });
    });

    it('follows the HTTP call payments → events (seat hold) as a child of the purchase', () => {
      const byId = new Map(spans.map((s) => [s.spanId, s]));
      const eventsServer = spans.filter((s) => s.service === 'events' && s.kind === SERVER);
      expect(eventsServer.length).toBeGreaterThan(0);
      for (const span of eventsServer)
        expect(byId.get(span.parentSpanId!)).toMatchObject({ service: 'payments', kind: CLIENT });
    });

    it('links every consumer span to the span that wrote its message, through the Kafka headers', () => {
      const byId = new Map(spans.map((s) => [s.spanId, s]));
      const processing = spans.filter((s) => s.kind === CONSUMER && s.name.endsWith(' process'));
      const consumers = new Set(processing.map((s) => s.service));
      expect([...consumers].sort()).toEqual(
        expect.arrayContaining(['clients', 'events', 'marketing', 'payments', 'tickets']),
      );
      for (const span of processing) {
        const parent = byId.get(span.parentSpanId!);
        expect(parent).toBeDefined();
        // The outbox keeps the producing span's traceparent: never the relay's batch `send` span.
        expect(parent!.name.startsWith('send ')).toBe(false);
        expect(span.attributes['messaging.message.id']).toEqual(expect.any(String));
      }
      expect(spans.some((s) => s.kind === PRODUCER && s.name.endsWith(' publish'))).toBe(true);
    });

    it('includes database work: pg spans in payments, mongoose spans in tickets', () => {
      expect(spans.some((s) => s.service === 'payments' && s.scope.includes('pg'))).toBe(true);
      expect(spans.some((s) => s.service === 'tickets' && s.scope.includes('mongoose'))).toBe(true);
    });

    it('ends every span: each parent in the trace was exported (no orphans)', async () => {
      const orphans = await eventually(
        async () => {
          const all = receiver.trace(traceId);
          const ids = new Set(all.map((s) => s.spanId));
          return all.filter(
            (s) => s.parentSpanId && s.parentSpanId !== clientSpanId && !ids.has(s.parentSpanId),
          );
        },
        (o) => o.length === 0,
        { timeoutMs: 20_000 },
      );
      expect(orphans.map((s) => `${s.service} ${s.name}`)).toEqual([]);
    });

    it('sends emails in smtp.send spans', () => {
      const smtp = receiver.spans.filter((s) => s.name === 'smtp.send');
      expect(smtp.map((s) => s.service)).toEqual(expect.arrayContaining(['payments', 'tickets']));
      expect(smtp.every((s) => s.kind === CLIENT && s.attributes['server.port'] !== undefined)).toBe(true);
    });

    it('logs JSON lines with the service name and trace and span ids', () => {
      for (const app of APPS) {
        const lines = platform
          .logs(app)
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(lines.length).toBeGreaterThan(0);
        expect(lines.filter((l) => l.service !== app)).toEqual([]);
        expect(
          lines.some(
            (l) => /^[0-9a-f]{32}$/.test(String(l.trace_id)) && /^[0-9a-f]{16}$/.test(String(l.span_id)),
          ),
        ).toBe(true);
        expect(platform.logs(app)).not.toContain('buyer-password');
      }
    });

    it("the business dashboard's sales-per-event query reads the sale from the events database", async () => {
      const business = JSON.parse(
        readFileSync(join(repoRoot, 'observability/grafana/dashboards/business.json'), 'utf8'),
      ) as { panels: { targets?: { rawSql?: string }[] }[] };
      const sql = business.panels.flatMap((p) => p.targets ?? []).find((t) => t.rawSql)!.rawSql!;
      const rows = await eventually(
        () => queryDatabase<{ id: number; sold: number; held: number }>(platform.database.events!, sql),
        (r) => r.some((row) => row.id === eventId && row.sold === 1),
        { timeoutMs: 30_000 },
      );
      expect(rows.find((row) => row.id === eventId)).toMatchObject({ sold: 1, held: 0, revenue: '120.00' });
    });
  });
});
