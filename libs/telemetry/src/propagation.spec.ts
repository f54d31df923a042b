import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import { KeepExistingTraceContextPropagator } from './propagation';

const span = (traceId: string, spanId: string) =>
  trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: TraceFlags.SAMPLED, isRemote: false });

describe(KeepExistingTraceContextPropagator.name, () => {
  const propagator = new KeepExistingTraceContextPropagator();
  const relaySpan = span('11111111111111111111111111111111', '2222222222222222');

  it('writes traceparent into an empty carrier', () => {
    const carrier: Record<string, string> = {};
    propagator.inject(relaySpan, carrier, defaultTextMapSetter);
    expect(carrier.traceparent).toBe('00-11111111111111111111111111111111-2222222222222222-01');
  });

  it("keeps a message's own traceparent (the span that wrote it to the outbox)", () => {
    const own = '00-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-bbbbbbbbbbbbbbbb-01';
    const headers: Record<string, string | Buffer> = { traceparent: own, 'message-id': 'm1' };
    propagator.inject(relaySpan, headers, defaultTextMapSetter);
    expect(headers.traceparent).toBe(own);
    const dlq: Record<string, string | Buffer> = { traceparent: Buffer.from(own) };
    propagator.inject(relaySpan, dlq, defaultTextMapSetter);
    expect(dlq.traceparent.toString()).toBe(own);
  });

  it('reads W3C trace context back', () => {
    const context = propagator.extract(
      ROOT_CONTEXT,
      { traceparent: '00-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-bbbbbbbbbbbbbbbb-01' },
      defaultTextMapGetter,
    );
    expect(trace.getSpanContext(context)).toMatchObject({
      traceId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      spanId: 'bbbbbbbbbbbbbbbb',
      isRemote: true,
    });
    expect(propagator.fields()).toEqual(expect.arrayContaining(['traceparent', 'tracestate', 'baggage']));
  });
});
