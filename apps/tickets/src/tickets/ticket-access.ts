import type { AuthUser } from '@event-tickets/service-kit';
import { emailKey, type TicketRecord } from '../store/ticket.record';
import { notYourTicket } from './tickets.errors';

/** Door staff read every ticket (to check it at the door), as admins do; they change none but check-in. */
const readsAll = (caller: AuthUser) => caller.role === 'ADMIN' || caller.role === 'STAFF';

/**
 * A ticket belongs to the account that bought it (`userId`, from the purchase's token), not to
 * whoever holds its email now: an email can be deleted and registered again by someone else. Admins
 * and staff read every ticket; a ticket without an account (issued from the original's messages)
 * only they do.
 */
export function mayAccess(caller: AuthUser, ticket: Pick<TicketRecord, 'userId'>): boolean {
  return readsAll(caller) || isOwner(caller, ticket);
}

export function assertMayAccess(caller: AuthUser, ticket: Pick<TicketRecord, 'userId'>): void {
  if (!mayAccess(caller, ticket)) throw notYourTicket();
}

/** Acting for the buyer (resending the email): the owning account or an admin, not staff. */
export function assertMayManage(caller: AuthUser, ticket: Pick<TicketRecord, 'userId'>): void {
  if (caller.role !== 'ADMIN' && !isOwner(caller, ticket)) throw notYourTicket();
}

const isOwner = (caller: AuthUser, ticket: Pick<TicketRecord, 'userId'>) =>
  !!ticket.userId && ticket.userId === caller.id;

/**
 * Listing by email: admins and staff list everyone's tickets of that email; a buyer may ask only for their own
 * email (403 otherwise, as before) and gets only the tickets their account owns (`ownerId`), so a
 * newcomer on a re-registered email sees an empty list.
 */
export function listingScope(caller: AuthUser, email: string): { ownerId?: string } {
  if (readsAll(caller)) return {};
  if (!caller.email || emailKey(caller.email) !== emailKey(email)) throw notYourTicket();
  return { ownerId: caller.id };
}
