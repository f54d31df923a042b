import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKey } from '@event-tickets/service-kit';
import { CheckIn } from './check-in.schema';
import { emailKey, isPassport, type NewTicket, type TicketRecord, toRecord } from './ticket.record';
import { Ticket } from './ticket.schema';

/**
 * The `tickets` and `check_ins` collections. Every write that must happen once is an insert decided by
 * a unique index (the Mongo-wire server keeps nothing else atomic under concurrency); the updates
 * here only ever write a value that every concurrent writer would write too.
 */
@Injectable()
export class TicketsRepository implements OnModuleInit {
  constructor(
    @InjectModel(Ticket.name) private readonly tickets: Model<Ticket>,
    @InjectModel(CheckIn.name) private readonly checkIns: Model<CheckIn>,
  ) {}

  /** The unique indexes must exist before the first message is consumed (the consumers start later). */
  async onModuleInit() {
    await Promise.all([this.tickets.init(), this.checkIns.init()]);
  }

  /** Inserts the ticket with its email PENDING; undefined when this purchase already has its ticket. */
  async insert({ trace, ...ticket }: NewTicket, now: Date): Promise<TicketRecord | undefined> {
    try {
      const doc = await this.tickets.create({
        ...ticket,
        emailKey: emailKey(ticket.email),
        checkedInAt: null,
        mailPending: true,
        mail: { status: 'PENDING', attempts: 0, nextAttemptAt: now, round: 0, leaseEpoch: 0, trace },
      });
      return toRecord(doc.toObject());
    } catch (error) {
      if (isDuplicateKey(error)) return undefined;
      throw error;
    }
  }

  async findByPassport(passport: string): Promise<TicketRecord | undefined> {
    if (!isPassport(passport)) return undefined;
    const doc = await this.tickets.findOne({ passport: passport.toLowerCase() }).lean().exec();
    return doc ? toRecord(doc) : undefined;
  }

  async findByPurchaseKey(purchaseKey: string): Promise<TicketRecord | undefined> {
    const doc = await this.tickets.findOne({ purchaseKey }).lean().exec();
    return doc ? toRecord(doc) : undefined;
  }

  /** One buyer's tickets, newest first. */
  async listByEmail(email: string, skip: number, limit: number) {
    const filter = { emailKey: emailKey(email) };
    const [docs, total] = await Promise.all([
      this.tickets.find(filter).sort({ createdAt: -1, _id: -1 }).skip(skip).limit(limit).lean().exec(),
      this.tickets.countDocuments(filter).exec(),
    ]);
    return { items: docs.map(toRecord), total };
  }

  /**
   * Decides the check-in: inserts `check_ins {_id: passport}`. Returns the time of THE check-in: `at`
   * when this call won, the earlier time when the ticket was already checked in.
   */
  async recordCheckIn(passport: string, at: Date, by: string): Promise<{ won: boolean; checkedInAt: Date }> {
    try {
      await this.checkIns.create({ _id: passport, checkedInAt: at, by });
      return { won: true, checkedInAt: at };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const existing = await this.checkIns.findById(passport).lean().exec();
      if (!existing) throw error;
      return { won: false, checkedInAt: existing.checkedInAt };
    }
  }

  /** Copies the decided check-in time onto the ticket (idempotent: always the same value). */
  async setCheckedIn(passport: string, at: Date): Promise<void> {
    await this.tickets.updateOne({ passport, checkedInAt: null }, { $set: { checkedInAt: at } }).exec();
  }

  /** Queues the same ticket's email again: a new round, PENDING, due now. */
  async requestResend(ticket: TicketRecord, now: Date): Promise<void> {
    await this.tickets
      .updateOne(
        { _id: ticket.id, 'mail.round': ticket.mail.round },
        {
          $set: {
            mailPending: true,
            'mail.status': 'PENDING',
            'mail.round': ticket.mail.round + 1,
            'mail.attempts': 0,
            'mail.leaseEpoch': 0,
            'mail.nextAttemptAt': now,
            'mail.resendRequestedAt': now,
          },
          $unset: { 'mail.lastError': '' },
        },
      )
      .exec();
  }
}
