import {
  context,
  propagation,
  ROOT_CONTEXT,
  type Context,
  SpanKind,
  trace,
  type Span,
} from '@opentelemetry/api';

const tracer = () => trace.getTracer('event-tickets-messaging');

/** W3C `traceparent`/`tracestate` of the active context, to store with an outgoing message. */
export function currentTraceHeaders(): { traceparent?: string; tracestate?: string } {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return { traceparent: carrier.traceparent, tracestate: carrier.tracestate };
}

/** The producer's context, read back from a received message's headers. */
export function contextFromHeaders(headers: { traceparent?: string; tracestate?: string }): Context {
  const carrier: Record<string, string> = {};
  if (headers.traceparent) carrier.traceparent = headers.traceparent;
  if (headers.tracestate) carrier.tracestate = headers.tracestate;
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/**
 * Runs `work` in a `<topic> process` consumer span whose parent is the producer's span (OTel
 * messaging conventions), so one purchase is one trace across services.
 */
export async function inConsumerSpan<T>(
  topic: string,
  parent: Context,
  attributes: Record<string, string | number>,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const span = tracer().startSpan(
    `${topic} process`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.destination.name': topic,
        'messaging.operation': 'process',
        ...attributes,
      },
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: 2, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

/** A `<topic> publish` producer span around sending stored messages (the relay runs outside requests). */
export async function inProducerSpan<T>(topic: string, parent: Context, work: () => Promise<T>): Promise<T> {
  const span = tracer().startSpan(
    `${topic} publish`,
    {
      kind: SpanKind.PRODUCER,
      attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic },
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), work);
  } finally {
    span.end();
  }
}
