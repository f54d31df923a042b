import { z } from 'zod';
import { defineMessage } from '../define-message';
import { required, text } from '../fields';

/** payments → payments: the gateway rejected the transaction. `reason` and `event_id` are additive. */
export const TransactionFailedV1 = defineMessage({
  type: 'payments.transaction-failed',
  version: 1,
  topic: 'TRANSACTION_FAILED_TOPIC',
  payload: z.object({
    payment_id: required('payment_id'),
    user_name: text(),
    user_email: required('user_email'),
    user_language: text(),
    event_id: z.string().optional(),
    reason: z.string().optional(),
  }),
});
