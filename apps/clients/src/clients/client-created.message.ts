import { Clients } from '@event-tickets/contracts';
import { outgoing, type OutgoingMessage } from '@event-tickets/service-kit';

/**
 * CLIENT_CREATED_TOPIC: the original's `{email}`, plus `name`, `language` and the owning account's
 * `user_id` (additive, when the client has one). Keyed by the
 * lower-cased email, so every message about one buyer lands on one partition, in order.
 */
export function clientCreatedMessage(
  client: { email: string; name: string; user_id?: string | null },
  options: { language?: string; messageId?: string; correlationId?: string } = {},
): OutgoingMessage {
  return outgoing(
    Clients.ClientCreatedV1,
    {
      email: client.email,
      name: client.name,
      ...(options.language ? { language: options.language } : {}),
      ...(client.user_id ? { user_id: client.user_id } : {}),
    },
    { key: client.email.toLowerCase(), messageId: options.messageId, correlationId: options.correlationId },
  );
}
