import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';

const hasTraceparent = (carrier: unknown): boolean =>
  typeof carrier === 'object' &&
  carrier !== null &&
  Object.keys(carrier).some(
    (k) => k.toLowerCase() === 'traceparent' && (carrier as Record<string, unknown>)[k] != null,
  );

/**
 * W3C trace context and baggage, except that a carrier which already holds a `traceparent` is left
 * alone. The outbox stores each message's own `traceparent` (the span that wrote it) and the relay
 * publishes many messages in one batch: the kafkajs instrumentation would otherwise overwrite every
 * message's header with the batch's `send` span, joining unrelated purchases into one trace.
 */
export class KeepExistingTraceContextPropagator implements TextMapPropagator {
  private readonly inner = new CompositePropagator({
    propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
  });

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    if (hasTraceparent(carrier)) return;
    this.inner.inject(context, carrier, setter);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    return this.inner.extract(context, carrier, getter);
  }

  fields(): string[] {
    return this.inner.fields();
  }
}
