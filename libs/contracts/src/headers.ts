import { z } from 'zod';

/**
 * Message metadata travels in Kafka headers, never in the payload (the payload keeps the original's
 * JSON shape). Messages from the original services carry none of these: their Kafka key, a random
 * UUID, stands in for `message-id`.
 */
export const MessageHeader = {
  messageId: 'message-id',
  messageType: 'message-type',
  schemaVersion: 'schema-version',
  occurredAt: 'occurred-at',
  producer: 'producer',
  correlationId: 'correlation-id',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  /** Set on dead letters only. */
  dlqReason: 'dlq-reason',
  dlqOriginalTopic: 'dlq-original-topic',
  dlqOriginalPartition: 'dlq-original-partition',
  dlqOriginalOffset: 'dlq-original-offset',
  dlqConsumerGroup: 'dlq-consumer-group',
} as const;

export const messageMetadataSchema = z.object({
  messageId: z.string().min(1),
  messageType: z.string().min(1).optional(),
  schemaVersion: z.coerce.number().int().positive().optional(),
  occurredAt: z.string().datetime({ offset: true }).optional(),
  producer: z.string().min(1).optional(),
  correlationId: z.string().min(1).optional(),
  traceparent: z.string().optional(),
  tracestate: z.string().optional(),
});

export type MessageMetadata = z.infer<typeof messageMetadataSchema>;

type RawHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

function headerValue(headers: RawHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/**
 * Reads the metadata of a received message. `message-id` falls back to the Kafka key (the original
 * producers set a random UUID key and no headers). Returns undefined when neither exists.
 */
export function readMetadata(headers: RawHeaders | undefined, key: Buffer | string | null | undefined) {
  const h = headers ?? {};
  const candidate = {
    messageId: headerValue(h, MessageHeader.messageId) ?? key?.toString() ?? undefined,
    messageType: headerValue(h, MessageHeader.messageType),
    schemaVersion: headerValue(h, MessageHeader.schemaVersion),
    occurredAt: headerValue(h, MessageHeader.occurredAt),
    producer: headerValue(h, MessageHeader.producer),
    correlationId: headerValue(h, MessageHeader.correlationId),
    traceparent: headerValue(h, MessageHeader.traceparent),
    tracestate: headerValue(h, MessageHeader.tracestate),
  };
  const parsed = messageMetadataSchema.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}

/** Builds the string headers of an outgoing message. */
export function writeMetadata(meta: MessageMetadata): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, header] of Object.entries({
    messageId: MessageHeader.messageId,
    messageType: MessageHeader.messageType,
    schemaVersion: MessageHeader.schemaVersion,
    occurredAt: MessageHeader.occurredAt,
    producer: MessageHeader.producer,
    correlationId: MessageHeader.correlationId,
    traceparent: MessageHeader.traceparent,
    tracestate: MessageHeader.tracestate,
  })) {
    const value = meta[field as keyof MessageMetadata];
    if (value !== undefined && value !== '') out[header] = String(value);
  }
  return out;
}
