import { domainErrors } from '@event-tickets/service-kit';

export type LeadsErrorCode = 'DUPLICATE_LEAD' | 'LEAD_NOT_FOUND' | 'INVALID_DATE_RANGE' | 'TOO_MANY_REQUESTS';

export const leadsError = domainErrors<LeadsErrorCode>({
  DUPLICATE_LEAD: 409,
  LEAD_NOT_FOUND: 404,
  INVALID_DATE_RANGE: 400,
  TOO_MANY_REQUESTS: 429,
});

/** The original's messages. */
export const duplicateLead = () => leadsError('DUPLICATE_LEAD', 'Duplicate lead');
export const leadNotFound = (email: string) =>
  leadsError('LEAD_NOT_FOUND', `Lead not found for field: ${email}`);
