import { writeMetadata } from '@event-tickets/contracts';
import type { OutgoingMessage } from '../outgoing-message';

/**
 * The Mongo-wire server of the local stack has no multi-document transactions, so a MongoDB app keeps
 * the messages a change causes inside the changed document itself: one single-document atomic write
 * stores both. The relay publishes them and pulls them out of the document.
 */
export interface StoredOutboxEntry {
  _id: string;
  topic: string;
  key: string | null;
  payload: Record<string, unknown>;
  headers: Record<string, string>;
  createdAt: Date;
}

/** Schema fragment for a document that can carry outgoing messages. */
export const outboxFields = {
  outbox: { type: [Object], default: [] },
  outboxPending: { type: Boolean, default: false, index: true },
  outboxLockedUntil: { type: Date, required: false },
};

export function toStoredEntries(
  messages: OutgoingMessage[],
  topicOf: (m: OutgoingMessage) => string,
  producer: string,
): StoredOutboxEntry[] {
  return messages.map((m) => ({
    _id: m.messageId,
    topic: topicOf(m),
    key: m.key,
    payload: m.payload,
    headers: writeMetadata({
      messageId: m.messageId,
      messageType: m.type,
      schemaVersion: m.version,
      occurredAt: m.occurredAt,
      producer,
      correlationId: m.correlationId ?? m.messageId,
      traceparent: m.traceparent,
      tracestate: m.tracestate,
    }),
    createdAt: new Date(m.occurredAt),
  }));
}
