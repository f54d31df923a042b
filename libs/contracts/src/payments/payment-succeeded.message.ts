import { z } from 'zod';
import { defineMessage } from '../define-message';
import { money, required, text } from '../fields';
import { quantity, ticketTypeId } from '../order-fields';

/**
 * payments → clients: a purchase is paid. The original sends no payment id and no amount; ours adds
 * both, with `currency` and `event_date` (additive: old readers ignore them), so `payment_id` is optional on the reading side.
 * `user_id` is the buying account (from its token): tickets and the client record belong to that
 * account; a purchase without one (from the original) is readable by admins only.
 * `quantity` (seats in the order, 1 when absent), `ticket_type_id`, `ticket_type_name` and
 * `unit_price` (`amount` = unit_price × quantity) describe an order of several tickets of one type.
 */
export const PaymentSucceededV1 = defineMessage({
  type: 'payments.payment-succeeded',
  version: 1,
  topic: 'PAYMENT_SUCCEEDED_TOPIC',
  payload: z.object({
    user_name: text(),
    user_email: required('email'),
    event_id: required('eventId'),
    event_name: text(),
    event_description: text(),
    event_image_url: text(),
    user_language: text(),
    payment_id: z.string().min(1).optional(),
    amount: money().optional(),
    currency: z.string().optional(),
    event_date: z.string().optional(),
    user_id: z.string().min(1).optional(),
    quantity: quantity(),
    ticket_type_id: ticketTypeId(),
    ticket_type_name: z.string().optional(),
    unit_price: money().optional(),
  }),
});
