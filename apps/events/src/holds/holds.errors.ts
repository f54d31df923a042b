import { domainErrors } from '@event-tickets/service-kit';

export type HoldsErrorCode =
  | 'EVENT_NOT_FOUND'
  | 'SOLD_OUT'
  | 'HOLD_CONFLICT'
  | 'HOLD_NOT_FOUND'
  | 'HOLD_LOST'
  | 'ALREADY_SOLD'
  | 'HOLD_RELEASED';

export const holdsError = domainErrors<HoldsErrorCode>({
  EVENT_NOT_FOUND: 404,
  SOLD_OUT: 409,
  HOLD_CONFLICT: 409,
  HOLD_NOT_FOUND: 404,
  HOLD_LOST: 409,
  ALREADY_SOLD: 409,
  HOLD_RELEASED: 409,
});

export const HOLDS_MESSAGES: Record<HoldsErrorCode, string> = {
  EVENT_NOT_FOUND: 'event is not found',
  SOLD_OUT: 'event is sold out',
  HOLD_CONFLICT: 'this payment already holds a seat of another event',
  HOLD_NOT_FOUND: 'hold is not found',
  HOLD_LOST: 'the hold expired and the event is sold out',
  ALREADY_SOLD: 'the seat is already sold',
  HOLD_RELEASED: 'this payment was released: it cannot hold a seat again',
};

export const holdFailure = (code: HoldsErrorCode) => holdsError(code, HOLDS_MESSAGES[code]);
