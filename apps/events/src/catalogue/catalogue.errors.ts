import { domainErrors } from '@event-tickets/service-kit';

export type CatalogueErrorCode =
  'INVALID_EVENT' | 'EVENT_NOT_FOUND' | 'CAPACITY_BELOW_COMMITTED' | 'EVENT_HAS_SEATS';

export const catalogueError = domainErrors<CatalogueErrorCode>({
  INVALID_EVENT: 400,
  EVENT_NOT_FOUND: 404,
  CAPACITY_BELOW_COMMITTED: 409,
  EVENT_HAS_SEATS: 409,
});

/** The original's not-found message. */
export const eventNotFound = () => catalogueError('EVENT_NOT_FOUND', 'event is not found');
