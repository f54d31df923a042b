import { domainErrors } from '@event-tickets/service-kit';

export type UsersErrorCode =
  | 'EMAIL_TAKEN'
  | 'INVALID_CREDENTIALS'
  | 'ADMIN_REQUIRED'
  | 'USER_NOT_FOUND'
  | 'INVALID_USER_ID'
  | 'NOT_YOUR_ACCOUNT'
  | 'TOO_MANY_ATTEMPTS'
  | 'TOO_BUSY';

export const usersError = domainErrors<UsersErrorCode>({
  EMAIL_TAKEN: 409,
  INVALID_CREDENTIALS: 401,
  ADMIN_REQUIRED: 403,
  USER_NOT_FOUND: 404,
  INVALID_USER_ID: 400,
  NOT_YOUR_ACCOUNT: 403,
  TOO_MANY_ATTEMPTS: 429,
  TOO_BUSY: 503,
});

/** One message for an unknown email and a wrong password: the original's 404 told which emails exist. */
export const INVALID_CREDENTIALS = 'invalid email or password';
export const userNotFound = (id: string) =>
  usersError('USER_NOT_FOUND', `User with identifier "${id}" not found`);
