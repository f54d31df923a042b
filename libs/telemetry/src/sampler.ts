import { type Attributes, type Context, type Link, SpanKind } from '@opentelemetry/api';
import {
  AlwaysOnSampler,
  ParentBasedSampler,
  type Sampler,
  SamplingDecision,
  type SamplingResult,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';

/**
 * Root spans nobody wants as traces of their own: the kafkajs instrumentation's `poll <topic>` span
 * around every fetched batch (the messages' real processing spans, `<topic> process`, are children
 * of their producers), and with it the per-message spans it opens under that poll span.
 */
export function isNoiseRoot(name: string, kind: SpanKind, attributes: Attributes): boolean {
  return kind === SpanKind.CLIENT && name.startsWith('poll ') && attributes['messaging.system'] === 'kafka';
}

class QuietRootSampler implements Sampler {
  constructor(private readonly delegate: Sampler) {}

  shouldSample(
    context: Context,
    traceId: string,
    name: string,
    kind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    if (isNoiseRoot(name, kind, attributes)) return { decision: SamplingDecision.NOT_RECORD };
    return this.delegate.shouldSample(context, traceId, name, kind, attributes, links);
  }

  toString(): string {
    return `QuietRootSampler{${this.delegate.toString()}}`;
  }
}

/** Parent-based: a trace that started somewhere is followed everywhere; new roots are sampled by ratio. */
export function createSampler(ratio = 1): Sampler {
  const root = ratio >= 1 ? new AlwaysOnSampler() : new TraceIdRatioBasedSampler(ratio);
  return new ParentBasedSampler({ root: new QuietRootSampler(root) });
}
