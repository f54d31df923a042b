import { z } from 'zod';
import { defineMessage } from '../define-message';
import { money, required, text } from '../fields';

/** payments → payments: a transaction was stored PENDING and awaits the gateway. */
export const TransactionCreatedV1 = defineMessage({
  type: 'payments.transaction-created',
  version: 1,
  topic: 'TRANSACTION_CREATED_TOPIC',
  payload: z.object({
    transaction_id: required('transaction_id'),
    payment_id: required('payment_id'),
    user_name: text(),
    user_email: required('user_email'),
    event_id: required('event_id'),
    amount: money(),
    /** `sealed:v1:...` from our payments (opened only for the gateway call); clear from the original's. */
    payment_token: text(),
    event_name: text(),
    event_description: text(),
    event_image_url: text(),
    user_language: text(),
  }),
});
