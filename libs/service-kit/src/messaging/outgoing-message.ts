import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { MessageContract, TopicVariable } from '@event-tickets/contracts';
import { currentTraceHeaders } from '@event-tickets/telemetry';

/** A message ready for the outbox: payload validated, metadata fixed (its id is the idempotency key). */
export interface OutgoingMessage {
  messageId: string;
  topicVariable: TopicVariable;
  key: string | null;
  type: string;
  version: number;
  payload: Record<string, unknown>;
  occurredAt: string;
  correlationId?: string;
  traceparent?: string;
  tracestate?: string;
}

/**
 * Builds an outgoing message from its contract. `key` is the aggregate id (per-key order on one
 * partition); the trace context of the caller is captured so the consumer's span joins its trace.
 */
export function outgoing<S extends z.ZodTypeAny>(
  contract: MessageContract<S>,
  payload: z.input<S>,
  options: { key: string; correlationId?: string; messageId?: string },
): OutgoingMessage {
  return {
    messageId: options.messageId ?? randomUUID(),
    topicVariable: contract.topic,
    key: options.key,
    type: contract.type,
    version: contract.version,
    payload: contract.create(payload) as Record<string, unknown>,
    occurredAt: new Date().toISOString(),
    correlationId: options.correlationId,
    ...currentTraceHeaders(),
  };
}
