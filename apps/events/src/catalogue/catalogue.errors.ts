import { domainErrors } from '@event-tickets/service-kit';

export type CatalogueErrorCode =
  | 'INVALID_EVENT'
  | 'EVENT_NOT_FOUND'
  | 'CAPACITY_BELOW_COMMITTED'
  | 'EVENT_HAS_SEATS'
  | 'EVENT_CANCELLED'
  | 'TICKET_TYPE_NOT_FOUND'
  | 'CAPACITY_BELOW_SOLD'
  | 'TICKET_TYPE_IN_USE'
  | 'INVALID_TICKET_TYPE';

export const catalogueError = domainErrors<CatalogueErrorCode>({
  INVALID_EVENT: 400,
  EVENT_NOT_FOUND: 404,
  CAPACITY_BELOW_COMMITTED: 409,
  EVENT_HAS_SEATS: 409,
  EVENT_CANCELLED: 409,
  TICKET_TYPE_NOT_FOUND: 404,
  CAPACITY_BELOW_SOLD: 409,
  TICKET_TYPE_IN_USE: 409,
  INVALID_TICKET_TYPE: 400,
});

/** The original's not-found message. */
export const eventNotFound = () => catalogueError('EVENT_NOT_FOUND', 'event is not found');
export const eventCancelled = () => catalogueError('EVENT_CANCELLED', 'the event is cancelled');
export const ticketTypeNotFound = () => catalogueError('TICKET_TYPE_NOT_FOUND', 'ticket type is not found');
