import { domainErrors } from '@event-tickets/service-kit';

export type ClientsErrorCode =
  'INVALID_CLIENT' | 'CLIENT_NOT_FOUND' | 'CLIENT_EXISTS' | 'ADMIN_REQUIRED' | 'NOT_YOUR_CLIENT';

export const clientsError = domainErrors<ClientsErrorCode>({
  INVALID_CLIENT: 400,
  CLIENT_NOT_FOUND: 404,
  CLIENT_EXISTS: 409,
  ADMIN_REQUIRED: 403,
  NOT_YOUR_CLIENT: 403,
});

/** The original's messages. */
export const clientNotFound = () => clientsError('CLIENT_NOT_FOUND', 'client is not found');
export const clientExists = () => clientsError('CLIENT_EXISTS', 'client already exists');
export const adminRequired = () => clientsError('ADMIN_REQUIRED', 'Admin access required');
