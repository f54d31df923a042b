import { eventually, type Platform, startPlatform } from '@event-tickets/testing';
import { type Purchase, purchase } from './support/purchase';
import { startCollector, startJaeger, tracingServerBinaries } from './support/tracing-servers';

interface JaegerSpan {
  spanID: string;
  operationName: string;
  references: { refType: string; spanID: string }[];
  processID: string;
  tags: { key: string; value: unknown }[];
}
interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

const tag = (span: JaegerSpan, key: string) => span.tags.find((t) => t.key === key)?.value;

/**
 * The deployed trace path, end to end: the six apps export OTLP/HTTP (protobuf, as in compose) to
 * the collector running the repo's observability/collector/otel-collector.yml, which sends them to
 * Jaeger; the purchase is then read back from Jaeger's query API. The collector and Jaeger are built
 * from their Go modules at the versions docker-compose.yml runs (scripts/check-deploy.sh).
 */
describe('trace pipeline: apps → collector (repo config) → Jaeger', () => {
  let jaeger: Awaited<ReturnType<typeof startJaeger>>;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let platform: Platform;
  let bought: Purchase;

  beforeAll(async () => {
    const bins = tracingServerBinaries();
    jaeger = await startJaeger(bins.jaeger);
    collector = await startCollector(bins.collector, jaeger.otlpGrpc);
    platform = await startPlatform({
      ports: 'free',
      env: {
        BCRYPT_COST: '4',
        KAFKA_TOPIC_PARTITIONS: '1',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpHttpUrl,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_BSP_SCHEDULE_DELAY: '200',
      },
    });
    bought = await purchase(platform);
  }, 600_000);

  afterAll(async () => {
    await platform?.stop();
    await collector?.stop();
    await jaeger?.stop();
  }, 60_000);

  it('Jaeger shows one purchase as one trace across at least four apps', async () => {
    const services = (t?: JaegerTrace) => [
      ...new Set(Object.values(t?.processes ?? {}).map((p) => p.serviceName)),
    ];
    const trace = await eventually(
      async () => {
        const res = await fetch(`${jaeger.queryUrl}/api/traces/${bought.traceId}`);
        return res.ok ? ((await res.json()) as { data: JaegerTrace[] }).data[0] : undefined;
      },
      (t) => ['payments', 'events', 'clients', 'tickets', 'marketing'].every((s) => services(t).includes(s)),
      { timeoutMs: 60_000 },
    );
    expect(services(trace).length).toBeGreaterThanOrEqual(4);
    expect(services(trace).sort()).toEqual(
      expect.arrayContaining(['clients', 'events', 'marketing', 'payments', 'tickets']),
    );

    const service = (s: JaegerSpan) => trace!.processes[s.processID]!.serviceName;
    const root = trace!.spans.find((s) => service(s) === 'payments' && tag(s, 'span.kind') === 'server')!;
    expect(root.operationName).toBe('POST /payments');
    expect(root.references).toEqual([
      expect.objectContaining({ refType: 'CHILD_OF', spanID: bought.clientSpanId }),
    ]);

    const consumers = trace!.spans.filter(
      (s) => tag(s, 'span.kind') === 'consumer' && s.operationName.endsWith(' process'),
    );
    expect(new Set(consumers.map(service))).toEqual(
      new Set(['payments', 'events', 'clients', 'tickets', 'marketing']),
    );
    const ids = new Set(trace!.spans.map((s) => s.spanID));
    for (const span of consumers) expect(ids.has(span.references[0]!.spanID)).toBe(true);
  });

  it('Jaeger lists all six apps as services', async () => {
    const listed = await eventually(
      async () =>
        ((await (await fetch(`${jaeger.queryUrl}/api/services`)).json()) as { data: string[] | null }).data ??
        [],
      (s) => ['users', 'events', 'payments', 'clients', 'tickets', 'marketing'].every((x) => s.includes(x)),
      { timeoutMs: 30_000 },
    );
    expect(listed).toEqual(
      expect.arrayContaining(['users', 'events', 'payments', 'clients', 'tickets', 'marketing']),
    );
  });
});
