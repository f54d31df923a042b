import { Clients } from '@event-tickets/contracts';
import { outgoing, type OutgoingMessage } from '@event-tickets/service-kit';

/**
 * CLIENT_CREATED_TOPIC: the original's `{email}`, plus `name` and `language` (additive). Keyed by the
 * lower-cased email, so every message about one buyer lands on one partition, in order.
 */
export function clientCreatedMessage(
  client: { email: string; name: string },
  options: { language?: string; messageId?: string; correlationId?: string } = {},
): OutgoingMessage {
  return outgoing(
    Clients.ClientCreatedV1,
    { email: client.email, name: client.name, ...(options.language ? { language: options.language } : {}) },
    { key: client.email.toLowerCase(), messageId: options.messageId, correlationId: options.correlationId },
  );
}
