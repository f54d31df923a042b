import type { AuthUser } from '@event-tickets/service-kit';
import { emailKey } from '../store/ticket.record';
import { notYourTicket } from './tickets.errors';

/** The ticket's owner (token email = ticket email, case-insensitively) or an admin. */
export function mayAccess(caller: AuthUser, ownerEmail: string): boolean {
  return caller.role === 'ADMIN' || (!!caller.email && emailKey(caller.email) === emailKey(ownerEmail));
}

export function assertMayAccess(caller: AuthUser, ownerEmail: string): void {
  if (!mayAccess(caller, ownerEmail)) throw notYourTicket();
}
