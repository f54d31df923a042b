import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKey, MailClaim, MongoMailStore } from '@event-tickets/service-kit';
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

  async onModuleInit() {
    await this.mailClaims.init();
    await this.backfillMailPending();
  }

  /**
   * Tickets written before `mailPending` existed get it, once per database: the filters on a missing
   * field read every ticket, so completion is recorded in `tickets_migrations` and later starts skip it.
   */
  private async backfillMailPending() {
    const done = this.tickets.db.collection<{ _id: string; at: Date }>(MIGRATIONS);
    if (await done.findOne({ _id: MAIL_PENDING_BACKFILL })) return;
    await this.tickets
      .updateMany(
        { mailPending: { $exists: false }, 'mail.status': 'PENDING' },
        { $set: { mailPending: true } },
      )
      .exec();
    await this.tickets
      .updateMany({ mailPending: { $exists: false } }, { $set: { mailPending: false } })
      .exec();
    await done.insertOne({ _id: MAIL_PENDING_BACKFILL, at: new Date() }).catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error; // a replica starting at the same time recorded it
    });
  }
}
