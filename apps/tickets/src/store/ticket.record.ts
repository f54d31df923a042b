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

export function toRecord(doc: Stored): TicketRecord {
  const { _id, ...rest } = doc;
  return { ...rest, id: String(_id), checkedInAt: doc.checkedInAt ?? null };
}

/** The first seat's ticket carries the order's email; the others are sent with it. */
export const carriesOrderEmail = (t: Pick<TicketRecord, 'seat'>) => (t.seat ?? 1) === 1;

/** Trimmed and lower-cased: a buyer's tickets are listed by email case-insensitively. */
export const emailKey = (email: string) => email.trim().toLowerCase();

/** Passports are UUIDs; anything else cannot name a ticket (answered 404 without a query). */
export const isPassport = (value: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
