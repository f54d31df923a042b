import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { type ClaimedEmail, isDuplicateKey, MailClaim, MongoMailStore } from '@event-tickets/service-kit';
import { type TicketRecord, toRecord } from './ticket.record';
import { Ticket } from './ticket.schema';

export const MIGRATIONS = 'tickets_migrations';
export const MAIL_PENDING_BACKFILL = 'mail-pending-flag';

/**
 * The ticket emails' queue for the kit's mail worker, kept in the tickets themselves (`mail.*`, and
 * `mailPending`), with sends decided by `mail_claims` inserts (see MongoMailStore).
 */
@Injectable()
export class TicketMailStore extends MongoMailStore<Ticket, TicketRecord> implements OnModuleInit {
  constructor(
    @InjectModel(Ticket.name) private readonly tickets: Model<Ticket>,
    @InjectModel(MailClaim.name) private readonly mailClaims: Model<MailClaim>,
  ) {
    super(tickets, mailClaims, (doc) => toRecord(doc as unknown as Parameters<typeof toRecord>[0]));
  }

  /** The tickets of an order, seat order (the first seat's email shows them all). */
  async orderTickets(paymentId: string): Promise<TicketRecord[]> {
    const docs = await this.tickets.find({ paymentId }).lean().exec();
    return docs.map((doc) => toRecord(doc)).sort((a, b) => (a.seat ?? 1) - (b.seat ?? 1));
  }

  /**
   * The first email of an order carries every ticket: the other seats are marked sent with it first
   * (a value every writer writes alike), so a crash between the two writes at worst sends it again.
   */
  override async recordSent(claimed: ClaimedEmail<TicketRecord>): Promise<boolean> {
    const { email: ticket } = claimed;
    if (isOrderEmail(ticket))
      await this.tickets
        .updateMany(
          { paymentId: ticket.paymentId, seat: { $gt: 1 }, 'mail.round': 0, 'mail.status': 'PENDING' },
          { $set: { 'mail.status': 'SENT', 'mail.sentAt': new Date() } },
        )
        .exec();
    return super.recordSent(claimed);
  }

  async onModuleInit() {
    await this.mailClaims.init();
    await this.backfillMailPending();
  }

  /**
   * Tickets written before `mailPending` existed get it, once per database: the filters on a missing
   * field read every ticket, so completion is recorded in `tickets_migrations` and later starts skip it.
   * A flag derived from what the ticket holds is no change to it: `updatedAt` is left alone.
   */
  private async backfillMailPending() {
    const done = this.tickets.db.collection<{ _id: string; at: Date }>(MIGRATIONS);
    if (await done.findOne({ _id: MAIL_PENDING_BACKFILL })) return;
    await this.tickets
      .updateMany(
        { mailPending: { $exists: false }, 'mail.status': 'PENDING' },
        { $set: { mailPending: true } },
        { timestamps: false },
      )
      .exec();
    await this.tickets
      .updateMany(
        { mailPending: { $exists: false } },
        { $set: { mailPending: false } },
        { timestamps: false },
      )
      .exec();
    await done.insertOne({ _id: MAIL_PENDING_BACKFILL, at: new Date() }).catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error; // a replica starting at the same time recorded it
    });
  }
}

/** The first email of a ticket of an order of several: it shows every ticket of the order. */
export const isOrderEmail = (t: TicketRecord): t is TicketRecord & { paymentId: string } =>
  (t.quantity ?? 1) > 1 && (t.seat ?? 1) === 1 && t.mail.round === 0 && !!t.paymentId;
