import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  createTestDatabase,
  eventually,
  queryDatabase,
  readTopic,
  type RunningApp,
  startApp,
  uniqueName,
} from '@event-tickets/testing';
import { LedgerWriter, ledgerService } from '../fixtures/ledger.app';

const parentOf = (span: ReadableSpan) =>
  (span as unknown as { parentSpanContext?: { spanId: string }; parentSpanId?: string }).parentSpanContext
    ?.spanId ?? (span as unknown as { parentSpanId?: string }).parentSpanId;

describe('trace context across Kafka', () => {
  const exporter = new InMemorySpanExporter();
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: RunningApp;
  const topic = uniqueName('CLIENT_CREATED_TOPIC');

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
    );
    db = await createTestDatabase('trace');
    app = await startApp(ledgerService, {
      DB_NAME: db.name,
      CLIENT_CREATED_TOPIC: topic,
      KAFKA_GROUP_ID: uniqueName('trace'),
    });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    trace.disable();
    propagation.disable();
    context.disable();
  });

  it("makes the consumer's span a child of the span that produced the message", async () => {
    const email = `${uniqueName('traced')}@example.com`;
    const tracer = trace.getTracer('test');
    const producerSpan = await tracer.startActiveSpan('POST /ledger', async (span) => {
      await app.app.get(LedgerWriter).write([email]);
      span.end();
      return span.spanContext();
    });

    const [message] = await readTopic(topic, (ms) => ms.some((m) => m.json().email === email));
    expect(message!.headers.traceparent).toMatch(
      new RegExp(`^00-${producerSpan.traceId}-${producerSpan.spanId}-0[01]$`),
    );

    await eventually(
      () =>
        queryDatabase<{ n: number }>(
          db.name,
          'SELECT count(*)::int AS n FROM ledger_effects WHERE email = $1',
          [email],
        ),
      (rows) => rows[0]!.n === 1,
    );
    const processSpan = await eventually(
      async () =>
        exporter
          .getFinishedSpans()
          .find((s) => s.name === `${topic} process` && s.spanContext().traceId === producerSpan.traceId),
      (s) => s !== undefined,
    );
    expect(processSpan).toBeDefined();
    expect(parentOf(processSpan!)).toBe(producerSpan.spanId);
    expect(processSpan!.attributes['messaging.message.id']).toBe(message!.headers['message-id']);
    const publishSpan = exporter
      .getFinishedSpans()
      .find((s) => s.name === `${topic} publish` && s.spanContext().traceId === producerSpan.traceId);
    expect(publishSpan).toBeDefined();
  });
});
