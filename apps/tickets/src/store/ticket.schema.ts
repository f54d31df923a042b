import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export const MAIL_STATUSES = ['PENDING', 'SENT'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/**
 * The ticket email's durable state, written in the same single-document insert as the ticket.
 * `round` counts requested sends (0 = the first email, +1 per resend); `attempts` counts failed tries
 * of the current round; `leaseEpoch` moves on when a crashed worker's claim is taken over. A send is
 * claimed by inserting `mail_claims {_id: <ticket>:<round>:<attempts>:<leaseEpoch>}` (see the kit's
 * MongoMailStore), and recorded only under that claim.
 */
@Schema({ _id: false, versionKey: false })
export class TicketMail {
  @Prop({ type: String, required: true, enum: MAIL_STATUSES }) status!: MailStatus;
  @Prop({ required: true, default: 0 }) attempts!: number;
  @Prop() lastError?: string;
  @Prop({ type: Date, required: true }) nextAttemptAt!: Date;
  @Prop({ type: Date }) sentAt?: Date;
  @Prop({ type: Date }) resendRequestedAt?: Date;
  @Prop({ required: true, default: 0 }) round!: number;
  @Prop({ required: true, default: 0 }) leaseEpoch!: number;
  /** Set while the first attempt is leased to the worker that inserted the ticket (see the kit's `leasedAtInsert`). */
  @Prop({ type: Date }) leasedUntil?: Date;
  /** The trace of the message that issued the ticket: the send joins the purchase's trace. */
  @Prop({ type: Object }) trace?: { traceparent?: string; tracestate?: string };
}
export const TicketMailSchema = SchemaFactory.createForClass(TicketMail);

/**
 * Collection `tickets`: the original's `email`, `eventId`, `passport`, `createdAt`, `updatedAt`, plus
 * the purchase seat it belongs to (`purchaseKey`, unique: one ticket per seat of a purchase whatever
 * is redelivered), the event and buyer facts the email shows, the check-in or void time and the
 * email's state. The seats of an order after the first have no email of their own (`mailPending`
 * false): the first seat's email carries every ticket of the order. Indexes are created at start-up
 * (TicketsRepository), after the original's tickets got a `purchaseKey`: built earlier, the unique
 * index would meet several tickets without one.
 */
@Schema({ collection: 'tickets', timestamps: true, autoIndex: false })
export class Ticket {
  @Prop({ required: true, unique: true }) purchaseKey!: string;
  @Prop({ required: true, unique: true }) passport!: string;
  @Prop({ required: true }) email!: string;
  /** Trimmed, lower-cased `email`: owners are matched case-insensitively. */
  @Prop({ required: true, index: true }) emailKey!: string;
  @Prop({ default: '' }) name!: string;
  @Prop({ required: true }) eventId!: string;
  @Prop({ default: '' }) eventName!: string;
  @Prop({ default: '' }) eventDescription!: string;
  @Prop({ default: '' }) eventImageUrl!: string;
  @Prop({ type: Date }) eventDate?: Date;
  @Prop({ default: '' }) language!: string;
  @Prop({ index: true }) paymentId?: string;
  /** The seat in its order, 1..quantity; absent (tickets from before orders) = 1. */
  @Prop() seat?: number;
  /** Seats in the order (SEND_TICKET `quantity`); absent = 1. */
  @Prop() quantity?: number;
  @Prop() ticketTypeId?: string;
  @Prop() ticketTypeName?: string;
  /**
   * The account that bought it (SEND_TICKET `userId`): its owner. Tickets without one (issued from the
   * original's messages) are read by admins only.
   */
  @Prop() userId?: string;
  @Prop({ type: Date, default: null }) checkedInAt?: Date | null;
  /** When a refund voided it (copied from its `check_ins` void document, which decided it). */
  @Prop({ type: Date }) voidedAt?: Date;
  @Prop() refundId?: string;
  @Prop({ type: TicketMailSchema, required: true }) mail!: TicketMail;
  /**
   * `mail.status === 'PENDING'`, kept at the top level: the Mongo-wire server filters top-level
   * equality in SQL but evaluates a dotted path by reading every ticket, which made each poll of the
   * mail worker cost as much as the whole collection.
   */
  @Prop({ required: true, default: false, index: true }) mailPending!: boolean;
  createdAt!: Date;
  updatedAt!: Date;
}

export const TicketSchema = SchemaFactory.createForClass(Ticket);
TicketSchema.index({ mailPending: 1, 'mail.nextAttemptAt': 1 });
