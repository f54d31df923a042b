import type { Model } from 'mongoose';
import { backfillDocuments } from '@event-tickets/service-kit';
import { emailKey } from './ticket.record';
import type { Ticket } from './ticket.schema';

/**
 * The original's tickets hold `email`, `eventId`, `passport`, `createdAt`, `updatedAt` and nothing
 * else. Each gets what this app needs to read, list and check it in, its own values untouched:
 * - `purchaseKey` `legacy:<_id>`: the unique index needs one per ticket, and no message can produce
 *   it (a message's key is `payment:…` or `message:…`);
 * - `emailKey`, so its buyer's tickets are listed by email;
 * - not checked in (the original had no check-in), no account (admins and staff read it);
 * - its email SENT (the original sent it when issuing; it is not sent again unless resent), with
 *   the event facts the original did not keep left empty.
 * Returns how many tickets were given them (0 on every start after the first).
 */
export function backfillLegacyTickets(tickets: Model<Ticket>): Promise<number> {
  return backfillDocuments(tickets, { purchaseKey: { $exists: false } }, (doc) => {
    if (typeof doc.email !== 'string') return undefined;
    const issuedAt = doc.createdAt instanceof Date ? doc.createdAt : new Date(0);
    return {
      purchaseKey: `legacy:${String(doc._id)}`,
      emailKey: emailKey(doc.email),
      name: '',
      eventName: '',
      eventDescription: '',
      eventImageUrl: '',
      language: '',
      checkedInAt: null,
      mailPending: false,
      mail: { status: 'SENT', attempts: 0, nextAttemptAt: issuedAt, round: 0, leaseEpoch: 0 },
    };
  });
}
