import { z } from 'zod';
import { defineMessage } from '../define-message';
import { money, required, text } from '../fields';

/** payments → payments: a payment was stored PENDING (PAYMENT_CREATED_TOPIC). */
export const PaymentCreatedV1 = defineMessage({
  type: 'payments.payment-created',
  version: 1,
  topic: 'PAYMENT_CREATED_TOPIC',
  payload: z.object({
    payment_id: required('payment_id'),
    user_name: text(),
    user_email: required('user_email'),
    event_id: required('event_id'),
    event_amount: money(),
    /** `sealed:v1:...` from our payments; clear from the original's (accepted, sealed when passed on). */
    payment_token: text(),
    event_name: text(),
    event_description: text(),
    event_image_url: text(),
    user_language: text(),
  }),
});
