import { domainErrors } from '@event-tickets/service-kit';

export type UsersErrorCode =
  | 'EMAIL_TAKEN'
  | 'INVALID_CREDENTIALS'
  | 'ADMIN_REQUIRED'
  | 'USER_NOT_FOUND'
  | 'INVALID_USER_ID'
  | 'NOT_YOUR_ACCOUNT'
  | 'TOO_MANY_ATTEMPTS'
  | 'TOO_BUSY'
  | 'WRONG_PASSWORD'
  | 'LAST_ADMIN';

export const usersError = domainErrors<UsersErrorCode>({
  EMAIL_TAKEN: 409,
  INVALID_CREDENTIALS: 401,
  ADMIN_REQUIRED: 403,
  USER_NOT_FOUND: 404,
  INVALID_USER_ID: 400,
  NOT_YOUR_ACCOUNT: 403,
  TOO_MANY_ATTEMPTS: 429,
  TOO_BUSY: 503,
  // The caller's token is fine (401 would tell a client to drop it); the proof of the password is not.
  WRONG_PASSWORD: 403,
  LAST_ADMIN: 409,
});

/** One message for an unknown email and a wrong password: the original's 404 told which emails exist. */
export const INVALID_CREDENTIALS = 'invalid email or password';
export const userNotFound = (id: string) =>
  usersError('USER_NOT_FOUND', `User with identifier "${id}" not found`);

/** A path id that is not a MongoDB ObjectId (24 hex digits) is a 400, not a lookup. */
export function checkUserId(id: string): void {
  if (!/^[0-9a-f]{24}$/i.test(id)) throw usersError('INVALID_USER_ID', `invalid user id "${id}"`);
}
