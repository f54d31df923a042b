import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { createSampler } from './sampler';

const traceId = '0af7651916cd43dd8448eb211c80319c';
const sampled = trace.setSpanContext(ROOT_CONTEXT, {
  traceId,
  spanId: 'b7ad6b7169203331',
  traceFlags: TraceFlags.SAMPLED,
  isRemote: true,
});

describe('createSampler', () => {
  const sampler = createSampler();
  const decide = (name: string, kind: SpanKind, attributes = {}, context = ROOT_CONTEXT) =>
    sampler.shouldSample(context, traceId, name, kind, attributes, []).decision;

  it('records new traces and follows sampled parents', () => {
    expect(decide('POST /payments', SpanKind.SERVER)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide('SEND_TICKET_TOPIC process', SpanKind.CONSUMER, {}, sampled)).toBe(
      SamplingDecision.RECORD_AND_SAMPLED,
    );
  });

  it("drops the kafkajs instrumentation's per-batch poll roots (and so the spans under them)", () => {
    expect(decide('poll SEND_TICKET_TOPIC', SpanKind.CLIENT, { 'messaging.system': 'kafka' })).toBe(
      SamplingDecision.NOT_RECORD,
    );
    expect(decide('poll something else', SpanKind.CLIENT, { 'messaging.system': 'redis' })).toBe(
      SamplingDecision.RECORD_AND_SAMPLED,
    );
  });

  it('samples new roots by ratio', () => {
    const never = createSampler(0);
    expect(never.shouldSample(ROOT_CONTEXT, traceId, 'GET /events', SpanKind.SERVER, {}, []).decision).toBe(
      SamplingDecision.NOT_RECORD,
    );
    expect(never.shouldSample(sampled, traceId, 'child', SpanKind.INTERNAL, {}, []).decision).toBe(
      SamplingDecision.RECORD_AND_SAMPLED,
    );
  });
});
