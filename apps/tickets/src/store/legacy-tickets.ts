import type { Model } from 'mongoose';
import { backfillDocuments } from '@event-tickets/service-kit';
import { originalTicketDefaults } from './ticket.record';
import type { Ticket } from './ticket.schema';

/**
 * The original's tickets get what this app needs to read, list, check in and resend them
 * (`originalTicketDefaults`), stored; returns how many were (0 on every start after the first, unless
 * the original wrote more meanwhile).
 */
export function backfillLegacyTickets(tickets: Model<Ticket>): Promise<number> {
  return backfillDocuments(tickets, { purchaseKey: { $exists: false } }, (doc) =>
    typeof doc.email === 'string' ? originalTicketDefaults({ ...doc, email: doc.email }) : undefined,
  );
}
