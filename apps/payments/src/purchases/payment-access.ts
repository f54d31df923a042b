import type { AuthUser } from '@event-tickets/service-kit';

/**
 * A payment is read by the account that bought it (the user id recorded from its token) or by an
 * admin. A payment without a user id came from the original's services: admins only, since the email
 * on it may now belong to another account (an email can be deleted and registered again).
 */
export function mayReadPayment(payment: { user_id: string | null }, caller: AuthUser): boolean {
  return caller.role === 'ADMIN' || (!!payment.user_id && payment.user_id === caller.id);
}
