import { Clients } from '@event-tickets/contracts';
import { outgoing, type OutgoingMessage } from '@event-tickets/service-kit';

/**
 * CLIENT_CREATED_TOPIC: the original's `{email}`, plus `name`, `language`, the owning account's
 * `user_id` and the first order's `quantity` / `ticket_type_id` (additive, when known). Keyed by the
 * lower-cased email, so every message about one buyer lands on one partition, in order.
 */
export function clientCreatedMessage(
  client: { email: string; name: string; user_id?: string | null },
  options: {
    language?: string;
    messageId?: string;
    correlationId?: string;
    order?: { quantity?: number; ticket_type_id?: string };
  } = {},
): OutgoingMessage {
  return outgoing(
    Clients.ClientCreatedV1,
    {
      email: client.email,
      name: client.name,
      ...(options.language ? { language: options.language } : {}),
      ...(client.user_id ? { user_id: client.user_id } : {}),
      ...options.order,
    },
    { key: client.email.toLowerCase(), messageId: options.messageId, correlationId: options.correlationId },
  );
}
