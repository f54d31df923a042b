import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKey, leasedAtInsert, type MongoMailState } from '@event-tickets/service-kit';
import { CheckIn } from './check-in.schema';
import { backfillLegacyTickets } from './legacy-tickets';
import {
  carriesOrderEmail,
  emailKey,
  isPassport,
  type NewTicket,
  type TicketRecord,
  toRecord,
} from './ticket.record';
import { Ticket } from './ticket.schema';

/**
 * The `tickets` and `check_ins` collections. Every write that must happen once is an insert decided by
 * a unique index (the Mongo-wire server keeps nothing else atomic under concurrency); the updates
 * here only ever write a value that every concurrent writer would write too.
 */
@Injectable()
export class TicketsRepository implements OnModuleInit {
  private readonly logger = new Logger(TicketsRepository.name);

  constructor(
    @InjectModel(Ticket.name) private readonly tickets: Model<Ticket>,
    @InjectModel(CheckIn.name) private readonly checkIns: Model<CheckIn>,
  ) {}

  /**
   * The unique indexes must exist before the first message is consumed (the consumers start later);
   * the original's tickets are given what they lack first (see legacy-tickets.ts).
   */
  async onModuleInit() {
    await Promise.all([this.tickets.init(), this.checkIns.init()]);
    const backfilled = await backfillLegacyTickets(this.tickets);
    if (backfilled) this.logger.log({ backfilled }, "the original's tickets made readable");
    await this.tickets.createIndexes();
  }

  /** Inserts the ticket with its email PENDING; undefined when this purchase already has its ticket. */
  async insert(ticket: NewTicket, now: Date): Promise<TicketRecord | undefined> {
    const [inserted] = await this.insertMany([ticket], now);
    return inserted;
  }

  /**
   * Inserts the tickets in one unordered insert, each with its email PENDING (queued only for the
   * first seat of an order, whose email carries the others): the `lease.first` first
   * with their first attempt leased to this replica's worker for `lease.leaseMs` (`leasedAtInsert`),
   * the others due at `now`. Returns, per ticket, its record, or undefined when its purchase already
   * has its ticket (a duplicate key refuses only that one; the others are inserted). Any other error
   * is thrown, whatever was inserted before it (a redelivery finds those as duplicates).
   */
  async insertMany(
    tickets: NewTicket[],
    now: Date,
    lease: { leaseMs: number; first: number } = { leaseMs: 0, first: 0 },
  ): Promise<(TicketRecord | undefined)[]> {
    const docs = tickets.map(({ trace, ...ticket }, i) => ({
      ...ticket,
      emailKey: emailKey(ticket.email),
      checkedInAt: null,
      mailPending: carriesOrderEmail(ticket),
      mail: {
        ...(i < lease.first ? leasedAtInsert(now, lease.leaseMs) : dueAt(now)),
        trace,
      },
    }));
    let refused = new Set<number>();
    let inserted: { toObject(): unknown }[];
    try {
      inserted = await this.tickets.insertMany(docs, { ordered: false, throwOnValidationError: true });
    } catch (error) {
      const { writeErrors, insertedDocs } = error as InsertManyError;
      if (!writeErrors?.length || !insertedDocs || !writeErrors.every(isDuplicateWrite)) throw error;
      refused = new Set(writeErrors.map((w) => w.index));
      inserted = insertedDocs;
    }
    const records = inserted.map((doc) => toRecord(doc.toObject() as Parameters<typeof toRecord>[0]));
    const byKey = new Map(records.map((r) => [r.purchaseKey, r]));
    return tickets.map((t, i) => (refused.has(i) ? undefined : byKey.get(t.purchaseKey)));
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

  /** One buyer's tickets, newest first; with `userId`, only those that account owns. */
  async listByEmail(email: string, skip: number, limit: number, userId?: string) {
    const filter = { emailKey: emailKey(email), ...(userId === undefined ? {} : { userId }) };
    const [docs, total] = await Promise.all([
      this.tickets.find(filter).sort({ createdAt: -1, _id: -1 }).skip(skip).limit(limit).lean().exec(),
      this.tickets.countDocuments(filter).exec(),
    ]);
    return { items: docs.map(toRecord), total };
  }

  /**
   * Decides the check-in: inserts `check_ins {_id: passport}`. Returns the time of THE check-in: `at`
   * when this call won, the earlier time when the ticket was already checked in; or the void that
   * decided the ticket first.
   */
  async recordCheckIn(passport: string, at: Date, by: string): Promise<CheckInOutcome> {
    try {
      await this.checkIns.create({ _id: passport, checkedInAt: at, by });
      return { won: true, checkedInAt: at };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const existing = await this.checkIns.findById(passport).lean().exec();
      if (!existing) throw error;
      if (existing.voided)
        return { won: false, voided: { at: existing.voidedAt!, refundId: existing.refundId } };
      return { won: false, checkedInAt: existing.checkedInAt! };
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
          $unset: { 'mail.lastError': '', 'mail.leasedUntil': '' },
        },
      )
      .exec();
  }
}

export type CheckInOutcome =
  | { won: boolean; checkedInAt: Date; voided?: undefined }
  | { won: false; voided: { at: Date; refundId?: string }; checkedInAt?: undefined };

/** A first attempt due at once (no lease): any worker's poll may claim it. */
const dueAt = (now: Date): MongoMailState => ({
  status: 'PENDING',
  attempts: 0,
  nextAttemptAt: now,
  round: 0,
  leaseEpoch: 0,
});

/** What Mongoose throws when an unordered insertMany refused some documents. */
interface InsertManyError {
  writeErrors?: { index: number; code?: number; err?: { code?: number } }[];
  insertedDocs?: { toObject(): unknown }[];
}

const isDuplicateWrite = (w: { code?: number; err?: { code?: number } }) => isDuplicateKey(w.err ?? w);
