import { z } from 'zod';
import { defineMessage } from '../define-message';
import { required } from '../fields';

/** payments → events (and anyone): a payment failed; its seat goes back on sale. New topic. */
export const PaymentFailedV1 = defineMessage({
  type: 'payments.payment-failed',
  version: 1,
  topic: 'PAYMENT_FAILED_TOPIC',
  payload: z.object({
    payment_id: required('payment_id'),
    event_id: required('event_id'),
    user_email: required('user_email'),
    reason: z.string().default(''),
  }),
});
