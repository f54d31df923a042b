import type { AuthUser } from '@event-tickets/service-kit';
import { emailKey, type TicketRecord } from '../store/ticket.record';
import { notYourTicket } from './tickets.errors';

/**
 * A ticket belongs to the account that bought it (`userId`, from the purchase's token), not to
 * whoever holds its email now: an email can be deleted and registered again by someone else. Admins
 * read every ticket; a ticket without an account (issued from the original's messages) only admins.
 */
export function mayAccess(caller: AuthUser, ticket: Pick<TicketRecord, 'userId'>): boolean {
  return caller.role === 'ADMIN' || (!!ticket.userId && ticket.userId === caller.id);
}

export function assertMayAccess(caller: AuthUser, ticket: Pick<TicketRecord, 'userId'>): void {
  if (!mayAccess(caller, ticket)) throw notYourTicket();
}

/**
 * Listing by email: admins list everyone's tickets of that email; a buyer may ask only for their own
 * email (403 otherwise, as before) and gets only the tickets their account owns (`ownerId`), so a
 * newcomer on a re-registered email sees an empty list.
 */
export function listingScope(caller: AuthUser, email: string): { ownerId?: string } {
  if (caller.role === 'ADMIN') return {};
  if (!caller.email || emailKey(caller.email) !== emailKey(email)) throw notYourTicket();
  return { ownerId: caller.id };
}
