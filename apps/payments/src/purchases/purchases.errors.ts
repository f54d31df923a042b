import { domainErrors } from '@event-tickets/service-kit';

export type PurchasesErrorCode =
  | 'EMAIL_MISMATCH'
  | 'EVENT_NOT_FOUND'
  | 'SOLD_OUT'
  | 'QUANTITY_ABOVE_LIMIT'
  | 'TICKET_TYPE_NOT_FOUND'
  | 'SALE_NOT_STARTED'
  | 'SALE_ENDED'
  | 'EVENT_CANCELLED'
  | 'AMOUNT_MISMATCH'
  | 'EVENTS_UNAVAILABLE'
  | 'INVALID_IDEMPOTENCY_KEY'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'TOO_MANY_PURCHASES'
  | 'INVALID_PAYMENT_ID'
  | 'PAYMENT_NOT_FOUND'
  | 'NOT_YOUR_PAYMENT';

export const purchasesError = domainErrors<PurchasesErrorCode>({
  EMAIL_MISMATCH: 403,
  EVENT_NOT_FOUND: 404,
  SOLD_OUT: 409,
  QUANTITY_ABOVE_LIMIT: 400,
  TICKET_TYPE_NOT_FOUND: 404,
  SALE_NOT_STARTED: 409,
  SALE_ENDED: 409,
  EVENT_CANCELLED: 409,
  AMOUNT_MISMATCH: 409,
  EVENTS_UNAVAILABLE: 503,
  INVALID_IDEMPOTENCY_KEY: 400,
  IDEMPOTENCY_KEY_REUSED: 422,
  TOO_MANY_PURCHASES: 429,
  INVALID_PAYMENT_ID: 400,
  PAYMENT_NOT_FOUND: 404,
  NOT_YOUR_PAYMENT: 403,
});

export const PURCHASE_MESSAGES = {
  EMAIL_MISMATCH: 'user_email must be the email of the logged-in user',
  EVENT_NOT_FOUND: 'event is not found',
  SOLD_OUT: 'event is sold out',
  /** An order of several seats when fewer are left (some are: "sold out" would be untrue). */
  NOT_ENOUGH_SEATS: 'not enough seats left for this order',
  QUANTITY_ABOVE_LIMIT: 'quantity is above the maximum number of tickets per order of this event',
  TICKET_TYPE_NOT_FOUND: 'ticket type is not found',
  SALE_NOT_STARTED: 'the sale of this ticket type has not started yet',
  SALE_ENDED: 'the sale of this ticket type has ended',
  EVENT_CANCELLED: 'event is cancelled',
  AMOUNT_MISMATCH: 'event_amount does not match the event price',
  EVENTS_UNAVAILABLE: 'events service unavailable',
  EVENTS_BUSY: 'too many purchases in progress, retry shortly',
  IDEMPOTENCY_KEY_REUSED: 'this Idempotency-Key was used with another request body',
} as const;
