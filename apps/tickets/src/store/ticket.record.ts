import type { Types } from 'mongoose';
import type { MailStatus } from './ticket.schema';

/** A stored ticket as the use cases see it (a plain object, `_id` as a string). */
export interface TicketRecord {
  id: string;
  purchaseKey: string;
  passport: string;
  email: string;
  name: string;
  eventId: string;
  eventName: string;
  eventDescription: string;
  eventImageUrl: string;
  eventDate?: Date;
  language: string;
  paymentId?: string;
  /** The owning account; none for tickets issued from the original's messages (admins only). */
  userId?: string;
  /** 1..quantity within the order (1 for tickets from before orders). */
  seat?: number;
  quantity?: number;
  ticketTypeId?: string;
  ticketTypeName?: string;
  checkedInAt: Date | null;
  voidedAt?: Date;
  refundId?: string;
  mail: {
    status: MailStatus;
    attempts: number;
    lastError?: string;
    nextAttemptAt: Date;
    sentAt?: Date;
    resendRequestedAt?: Date;
    round: number;
    leaseEpoch: number;
    leasedUntil?: Date;
    trace?: { traceparent?: string; tracestate?: string };
  };
  createdAt: Date;
  updatedAt: Date;
}

/** The facts a new ticket is issued with (everything but its state). */
export type NewTicket = Pick<
  TicketRecord,
  | 'purchaseKey'
  | 'passport'
  | 'email'
  | 'name'
  | 'eventId'
  | 'eventName'
  | 'eventDescription'
  | 'eventImageUrl'
  | 'eventDate'
  | 'language'
  | 'paymentId'
  | 'userId'
  | 'seat'
  | 'quantity'
  | 'ticketTypeId'
  | 'ticketTypeName'
> & { trace?: { traceparent?: string; tracestate?: string } };

type Stored = Omit<TicketRecord, 'id' | 'checkedInAt'> & { _id: Types.ObjectId; checkedInAt?: Date | null };

/**
 * A stored ticket as a record. One the original wrote (no `purchaseKey`: say, while both services
 * consumed during a hand-over, before the next start's backfill) reads with its defaults.
 */
export function toRecord(doc: Stored): TicketRecord {
  const { _id, ...rest } = doc.purchaseKey === undefined ? { ...originalTicketDefaults(doc), ...doc } : doc;
  return { ...rest, id: String(_id), checkedInAt: rest.checkedInAt ?? null };
}

/**
 * What a ticket the original wrote (`email`, `eventId`, `passport`, `createdAt`, `updatedAt` only)
 * lacks, its own values untouched:
 * - `purchaseKey` `legacy:<_id>`: the unique index needs one per ticket, and no message can produce
 *   it (a message's key is `payment:…` or `message:…`);
 * - `emailKey`, so its buyer's tickets are listed by email;
 * - not checked in (the original had no check-in), no account (admins and staff read it);
 * - its email SENT (the original sent it when issuing; it is not sent again unless resent), with
 *   the event facts the original did not keep left empty.
 */
export function originalTicketDefaults(doc: { _id: unknown; email: string; createdAt?: unknown }) {
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
    mail: { status: 'SENT' as const, attempts: 0, nextAttemptAt: issuedAt, round: 0, leaseEpoch: 0 },
  };
}

/** The first seat's ticket carries the order's email; the others are sent with it. */
export const carriesOrderEmail = (t: Pick<TicketRecord, 'seat'>) => (t.seat ?? 1) === 1;

/** Trimmed and lower-cased: a buyer's tickets are listed by email case-insensitively. */
export const emailKey = (email: string) => email.trim().toLowerCase();

/** Passports are UUIDs; anything else cannot name a ticket (answered 404 without a query). */
export const isPassport = (value: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
