import { z } from 'zod';
import { defineMessage } from '../define-message';
import { required, text } from '../fields';

/** payments → payments: the gateway approved the transaction. */
export const TransactionSucceededV1 = defineMessage({
  type: 'payments.transaction-succeeded',
  version: 1,
  topic: 'TRANSACTION_SUCCEEDED_TOPIC',
  payload: z.object({
    payment_id: required('payment_id'),
    user_name: text(),
    user_email: required('user_email'),
    event_id: required('event_id'),
    event_name: text(),
    event_description: text(),
    event_image_url: text(),
    user_language: text(),
  }),
});
