import { z } from 'zod';
import { defineMessage } from '../define-message';
import { required } from '../fields';
import { quantity, ticketTypeId } from '../order-fields';

/**
 * clients → marketing: a new buyer. The original sends `{email}`; `name`, `language` and `user_id`
 * (the buying account, when the purchase came through our payments) are additive, as are the first
 * order's `quantity` and `ticket_type_id`.
 */
export const ClientCreatedV1 = defineMessage({
  type: 'clients.client-created',
  version: 1,
  topic: 'CLIENT_CREATED_TOPIC',
  payload: z.object({
    email: required('email'),
    name: z.string().optional(),
    language: z.string().optional(),
    user_id: z.string().min(1).optional(),
    quantity: quantity(),
    ticket_type_id: ticketTypeId(),
  }),
});
