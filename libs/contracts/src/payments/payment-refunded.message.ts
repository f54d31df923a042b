import { z } from 'zod';
import { defineMessage } from '../define-message';
import { money, required } from '../fields';
import { quantity, REFUND_REASONS, ticketTypeId } from '../order-fields';

/**
 * payments → events and tickets: part or all of a paid order was refunded (PAYMENT_REFUNDED_TOPIC,
 * new). events puts `quantity` seats of the order's type back on sale (none when the order never had
 * a seat: `no_seat`, a payment that succeeded after its hold was gone); tickets voids `passports`
 * (for an order refunded whole, every ticket of `payment_id` not checked in). One message per refund:
 * `refund_id` is its key, so a redelivery changes nothing. `payment_status` is the order's status
 * after this refund.
 */
export const PaymentRefundedV1 = defineMessage({
  type: 'payments.payment-refunded',
  version: 1,
  topic: 'PAYMENT_REFUNDED_TOPIC',
  payload: z.object({
    refund_id: required('refund_id'),
    payment_id: required('payment_id'),
    event_id: required('event_id'),
    ticket_type_id: ticketTypeId(),
    quantity: quantity().default(1),
    passports: z.array(z.string().min(1)).default([]),
    amount: money(),
    currency: z.string().default(''),
    reason: z.enum(REFUND_REASONS),
    payment_status: z.enum(['REFUNDED', 'PARTIALLY_REFUNDED']),
    user_email: required('user_email'),
    user_id: z.string().min(1).optional(),
  }),
});
