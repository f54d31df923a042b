import { domainErrors } from '@event-tickets/service-kit';

export type LeadsErrorCode =
  'DUPLICATE_LEAD' | 'LEAD_NOT_FOUND' | 'INVALID_DATE_RANGE' | 'TOO_MANY_REQUESTS' | 'CONVERTED_ADMIN_ONLY';

export const leadsError = domainErrors<LeadsErrorCode>({
  DUPLICATE_LEAD: 409,
  LEAD_NOT_FOUND: 404,
  INVALID_DATE_RANGE: 400,
  TOO_MANY_REQUESTS: 429,
  CONVERTED_ADMIN_ONLY: 403,
});

/** The original's messages. */
export const duplicateLead = () => leadsError('DUPLICATE_LEAD', 'Duplicate lead');
export const leadNotFound = (email: string) =>
  leadsError('LEAD_NOT_FOUND', `Lead not found for field: ${email}`);

/** A conversion is a purchase (CLIENT_CREATED) or an admin's word, never a sign-up form's claim. */
export const convertedAdminOnly = () =>
  leadsError('CONVERTED_ADMIN_ONLY', 'only an admin may post a converted lead (converted: true)');
