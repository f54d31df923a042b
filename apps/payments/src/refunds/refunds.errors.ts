import { domainErrors } from '@event-tickets/service-kit';

/** What tickets may refuse a void with: the refund is REJECTED and the caller gets the same answer. */
export const VOID_REFUSALS = {
  TICKET_CHECKED_IN: 409,
  TICKET_ALREADY_VOIDED: 409,
  NOTHING_TO_REFUND: 409,
  TICKETS_NOT_ISSUED: 409,
  TICKET_NOT_FOUND: 404,
} as const;
export type VoidRefusal = keyof typeof VOID_REFUSALS;

export type RefundsErrorCode =
  | VoidRefusal
  | 'INVALID_PAYMENT_ID'
  | 'PAYMENT_NOT_FOUND'
  | 'NOT_YOUR_PAYMENT'
  | 'NOT_REFUNDABLE'
  | 'ALREADY_REFUNDED'
  | 'REFUND_CUTOFF_PASSED'
  | 'REFUND_IN_PROGRESS';

export const refundsError = domainErrors<RefundsErrorCode>({
  ...VOID_REFUSALS,
  INVALID_PAYMENT_ID: 400,
  PAYMENT_NOT_FOUND: 404,
  NOT_YOUR_PAYMENT: 403,
  NOT_REFUNDABLE: 409,
  ALREADY_REFUNDED: 409,
  REFUND_CUTOFF_PASSED: 409,
  REFUND_IN_PROGRESS: 409,
});

export const VOID_MESSAGES: Record<VoidRefusal, string> = {
  TICKET_CHECKED_IN: 'a ticket of this refund is already checked in',
  TICKET_ALREADY_VOIDED: 'a ticket of this refund is already voided',
  NOTHING_TO_REFUND: 'no ticket of this order is left to refund',
  TICKETS_NOT_ISSUED: 'the tickets of this order are not all issued yet: try again in a moment',
  TICKET_NOT_FOUND: 'a passport is not a ticket of this order',
};
