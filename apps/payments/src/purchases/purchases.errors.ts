import { domainErrors } from '@event-tickets/service-kit';

export type PurchasesErrorCode =
  | 'EMAIL_MISMATCH'
  | 'EVENT_NOT_FOUND'
  | 'SOLD_OUT'
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
  AMOUNT_MISMATCH: 'event_amount does not match the event price',
  EVENTS_UNAVAILABLE: 'events service unavailable',
  EVENTS_BUSY: 'too many purchases in progress, retry shortly',
  IDEMPOTENCY_KEY_REUSED: 'this Idempotency-Key was used with another request body',
} as const;
