import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKey } from '@event-tickets/service-kit';
import { MailClaim } from './mail-claim.schema';
import { type TicketRecord, toRecord } from './ticket.record';
import { Ticket } from './ticket.schema';

export const MIGRATIONS = 'tickets_migrations';
export const MAIL_PENDING_BACKFILL = 'mail-pending-flag';

/** The send a claim is for: one attempt of one round, under one lease epoch. */
export const claimId = (t: TicketRecord) => `${t.id}:${t.mail.round}:${t.mail.attempts}:${t.mail.leaseEpoch}`;

/**
 * The ticket emails' queue, kept in the tickets themselves (`mail.*`). Who sends an attempt is decided
 * by inserting its `mail_claims` document; the state updates that follow are guarded by the round so a
 * resend requested meanwhile is never overwritten.
 */
@Injectable()
export class MailQueue implements OnModuleInit {
  constructor(
    @InjectModel(Ticket.name) private readonly tickets: Model<Ticket>,
    @InjectModel(MailClaim.name) private readonly claims: Model<MailClaim>,
  ) {}

  async onModuleInit() {
    await this.claims.init();
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

  /** PENDING emails whose next attempt is due, oldest first. */
  async due(now: Date, limit: number): Promise<TicketRecord[]> {
    const docs = await this.tickets
      .find({ mailPending: true, 'mail.status': 'PENDING', 'mail.nextAttemptAt': { $lte: now } })
      .sort({ 'mail.nextAttemptAt': 1 })
      .limit(limit)
      .lean()
      .exec();
    return docs.map(toRecord);
  }

  /** True when this worker won the attempt; false when another one has it (or had it). */
  async claim(ticket: TicketRecord, worker: string, now: Date): Promise<boolean> {
    try {
      await this.claims.create({ _id: claimId(ticket), claimedAt: now, worker });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** When the attempt was claimed (undefined when its claim is gone). */
  async claimedAt(ticket: TicketRecord): Promise<Date | undefined> {
    const claim = await this.claims.findById(claimId(ticket)).lean().exec();
    return claim?.claimedAt;
  }

  /** A claimer died mid-send: the next lease epoch makes the attempt claimable again (same value for all). */
  async takeOver(ticket: TicketRecord): Promise<void> {
    await this.tickets
      .updateOne(
        { _id: ticket.id, ...this.sameAttempt(ticket) },
        { $set: { 'mail.leaseEpoch': ticket.mail.leaseEpoch + 1 } },
      )
      .exec();
  }

  async markSent(ticket: TicketRecord, at: Date): Promise<void> {
    await this.tickets
      .updateOne(
        // Only the round: a slow sender whose lease was taken over still records its success.
        { _id: ticket.id, 'mail.status': 'PENDING', 'mail.round': ticket.mail.round },
        {
          $set: { mailPending: false, 'mail.status': 'SENT', 'mail.sentAt': at },
          $unset: { 'mail.lastError': '' },
        },
      )
      .exec();
  }

  async markFailed(ticket: TicketRecord, error: string, nextAttemptAt: Date): Promise<void> {
    await this.tickets
      .updateOne(
        { _id: ticket.id, ...this.sameAttempt(ticket) },
        {
          $set: {
            'mail.attempts': ticket.mail.attempts + 1,
            'mail.lastError': error,
            'mail.nextAttemptAt': nextAttemptAt,
          },
        },
      )
      .exec();
  }

  countPending(): Promise<number> {
    return this.tickets.countDocuments({ mailPending: true, 'mail.status': 'PENDING' }).exec();
  }

  /** Claims of attempts long finished (nothing reads a ticket snapshot that old). */
  async purgeClaims(before: Date): Promise<void> {
    await this.claims.deleteMany({ claimedAt: { $lt: before } }).exec();
  }

  private sameAttempt(t: TicketRecord) {
    return {
      'mail.status': 'PENDING',
      'mail.round': t.mail.round,
      'mail.attempts': t.mail.attempts,
      'mail.leaseEpoch': t.mail.leaseEpoch,
    };
  }
}
