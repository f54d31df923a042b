import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKey } from '@event-tickets/service-kit';
import { CheckIn } from './check-in.schema';
import { type TicketRecord, toRecord } from './ticket.record';
import { Ticket } from './ticket.schema';

/** How a ticket's fate stands for one refund once its void was tried. */
export type VoidOutcome =
  | { kind: 'voided'; at: Date; inserted: boolean }
  | { kind: 'checked-in' }
  | { kind: 'voided-by-other'; refundId?: string };

/**
 * Voids, decided in `check_ins` like the check-ins: a void is the insert of `check_ins {_id: passport,
 * voided: true, refundId}`, so between a void and a check-in of one ticket exactly one insert wins.
 */
@Injectable()
export class VoidsRepository {
  constructor(
    @InjectModel(Ticket.name) private readonly tickets: Model<Ticket>,
    @InjectModel(CheckIn.name) private readonly checkIns: Model<CheckIn>,
  ) {}

  /** Every ticket of the payment, seat order. */
  async orderTickets(paymentId: string): Promise<TicketRecord[]> {
    const docs = await this.tickets.find({ paymentId }).lean().exec();
    return docs.map((doc) => toRecord(doc)).sort((a, b) => (a.seat ?? 1) - (b.seat ?? 1));
  }

  /**
   * The fates already decided among these passports: a check-in, or a void (by which refund).
   */
  async decided(passports: string[]): Promise<Map<string, CheckIn>> {
    if (!passports.length) return new Map();
    const docs = await this.checkIns
      .find({ _id: { $in: passports } })
      .lean()
      .exec();
    return new Map(docs.map((d) => [d._id, d as CheckIn]));
  }

  /** Tries to void the ticket for `refundId`; a void by the same refund is found again (idempotent). */
  async void(passport: string, refundId: string, at: Date): Promise<VoidOutcome> {
    try {
      await this.checkIns.create({ _id: passport, voided: true, refundId, voidedAt: at });
      return { kind: 'voided', at, inserted: true };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const existing = await this.checkIns.findById(passport).lean().exec();
      if (!existing) throw error;
      return outcomeOf(existing, refundId);
    }
  }

  /**
   * Takes back this refund's void of a ticket (the refund is refused as a whole because another of its
   * tickets was checked in): only its own document, so another decision is never removed.
   */
  async undo(passport: string, refundId: string): Promise<void> {
    await this.checkIns.deleteOne({ _id: passport, voided: true, refundId }).exec();
  }

  /** Copies the decided void onto the ticket (idempotent: always the same value). */
  async setVoided(passport: string, at: Date, refundId: string): Promise<void> {
    await this.tickets
      .updateOne({ passport, voidedAt: { $exists: false } }, { $set: { voidedAt: at, refundId } })
      .exec();
  }
}

export function outcomeOf(decision: CheckIn, refundId: string): VoidOutcome {
  if (!decision.voided) return { kind: 'checked-in' };
  if (decision.refundId === refundId) return { kind: 'voided', at: decision.voidedAt!, inserted: false };
  return { kind: 'voided-by-other', refundId: decision.refundId };
}
