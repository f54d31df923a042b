import { domainErrors } from '@event-tickets/service-kit';

export type HoldsErrorCode =
  | 'EVENT_NOT_FOUND'
  | 'SOLD_OUT'
  | 'HOLD_CONFLICT'
  | 'HOLD_NOT_FOUND'
  | 'HOLD_LOST'
  | 'ALREADY_SOLD'
  | 'HOLD_RELEASED'
  | 'QUANTITY_ABOVE_LIMIT'
  | 'TICKET_TYPE_NOT_FOUND'
  | 'SALE_NOT_STARTED'
  | 'SALE_ENDED'
  | 'EVENT_CANCELLED';

export const holdsError = domainErrors<HoldsErrorCode>({
  EVENT_NOT_FOUND: 404,
  SOLD_OUT: 409,
  HOLD_CONFLICT: 409,
  HOLD_NOT_FOUND: 404,
  HOLD_LOST: 409,
  ALREADY_SOLD: 409,
  HOLD_RELEASED: 409,
  QUANTITY_ABOVE_LIMIT: 400,
  TICKET_TYPE_NOT_FOUND: 404,
  SALE_NOT_STARTED: 409,
  SALE_ENDED: 409,
  EVENT_CANCELLED: 409,
});

export const HOLDS_MESSAGES: Record<HoldsErrorCode, string> = {
  EVENT_NOT_FOUND: 'event is not found',
  SOLD_OUT: 'event is sold out',
  HOLD_CONFLICT: 'this payment already holds a seat of another event',
  HOLD_NOT_FOUND: 'hold is not found',
  HOLD_LOST: 'the hold expired and the event is sold out',
  ALREADY_SOLD: 'the seat is already sold',
  HOLD_RELEASED: 'this payment was released: it cannot hold a seat again',
  QUANTITY_ABOVE_LIMIT: 'the quantity is above the most tickets one order of this event may take',
  TICKET_TYPE_NOT_FOUND: 'ticket type is not found',
  SALE_NOT_STARTED: 'the sale of this ticket type has not started yet',
  SALE_ENDED: 'the sale of this ticket type has ended',
  EVENT_CANCELLED: 'the event is cancelled',
};

/** `details` travel in the error body's `details` (e.g. SOLD_OUT's `available`). */
export const holdFailure = (code: HoldsErrorCode, details?: Record<string, unknown>) =>
  holdsError(code, HOLDS_MESSAGES[code], details);
