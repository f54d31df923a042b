import { Injectable } from '@nestjs/common';
import { isPassport } from '../store/ticket.record';
import { outcomeOf, type VoidOutcome, VoidsRepository } from '../store/voids.repository';
import { ticketMetrics } from '../tickets.metrics';
import { voidRefused } from './tickets.errors';

export interface VoidRequest {
  paymentId: string;
  refundId: string;
  /** The tickets to void; absent or empty: every ticket of the order not checked in. */
  passports?: string[];
}

export interface VoidResult {
  /** The tickets this refund voided (this call or an earlier one with the same refund id). */
  passports: string[];
  quantity: number;
}

/**
 * Voids tickets of an order for a refund. Each void is decided by the ticket's one `check_ins` insert,
 * so a void and a check-in of one ticket have exactly one winner, and a refund id finds its own voids
 * again (idempotent). Named tickets are all voided or none: one checked in (or voided by another
 * refund) refuses the refund, and the voids this call made are taken back. The whole order skips the
 * tickets already checked in or refunded. `lenient` (the PAYMENT_REFUNDED consumer, which only
 * confirms what was refunded) skips what it cannot void instead of refusing.
 */
@Injectable()
export class VoidTicketsUseCase {
  constructor(private readonly voids: VoidsRepository) {}

  async execute(request: VoidRequest, options: { lenient?: boolean } = {}): Promise<VoidResult> {
    const order = await this.voids.orderTickets(request.paymentId);
    const quantity = Math.max(0, ...order.map((t) => t.quantity ?? 1));
    if (!order.length || order.length < quantity) {
      if (!options.lenient) throw voidRefused.notIssued(order.length, order.length ? quantity : undefined);
      if (!order.length) return { passports: [], quantity: 0 };
    }
    const named = [...new Set((request.passports ?? []).map((p) => p.trim().toLowerCase()))];
    const inOrder = new Set(order.map((t) => t.passport));
    if (named.length && !options.lenient) {
      const stranger = named.find((p) => !isPassport(p) || !inOrder.has(p));
      if (stranger !== undefined) throw voidRefused.notInOrder(stranger);
      return this.all(named, request.refundId);
    }
    const wanted = named.length ? named.filter((p) => inOrder.has(p)) : [...inOrder];
    const voided = await this.remaining(wanted, request.refundId, options.lenient ? 'message' : 'call');
    if (!voided.length && !options.lenient) throw voidRefused.nothing();
    return { passports: voided, quantity: voided.length };
  }

  /** Every named ticket voided for the refund, or none. */
  private async all(passports: string[], refundId: string): Promise<VoidResult> {
    const decided = await this.voids.decided(passports);
    for (const passport of passports) {
      const decision = decided.get(passport);
      if (decision) refuseUnlessOurs(passport, outcomeOf(decision, refundId));
    }
    const ours: string[] = [];
    const at = new Date();
    for (const passport of passports) {
      const outcome = await this.voids.void(passport, refundId, at);
      if (outcome.kind === 'voided') {
        if (outcome.inserted) ours.push(passport);
        continue;
      }
      for (const undone of ours) await this.voids.undo(undone, refundId);
      refuseUnlessOurs(passport, outcome);
    }
    await this.copy(passports, refundId);
    ticketMetrics.voided.inc({ source: 'call' }, ours.length);
    return { passports, quantity: passports.length };
  }

  /** The tickets of the list not decided otherwise (checked in, another refund's), voided. */
  private async remaining(passports: string[], refundId: string, source: 'call' | 'message') {
    const decided = await this.voids.decided(passports);
    const open = passports.filter((p) => {
      const decision = decided.get(p);
      return !decision || outcomeOf(decision, refundId).kind === 'voided';
    });
    const at = new Date();
    const voided: string[] = [];
    let inserted = 0;
    for (const passport of open) {
      const outcome = await this.voids.void(passport, refundId, at);
      if (outcome.kind !== 'voided') continue;
      voided.push(passport);
      if (outcome.inserted) inserted += 1;
    }
    await this.copy(voided, refundId);
    ticketMetrics.voided.inc({ source }, inserted);
    return voided;
  }

  /** The decided voids onto the tickets (their time as decided). */
  private async copy(passports: string[], refundId: string) {
    const decided = await this.voids.decided(passports);
    for (const passport of passports) {
      const decision = decided.get(passport);
      if (!decision?.voided || decision.refundId !== refundId) continue;
      await this.voids.setVoided(passport, decision.voidedAt!, refundId);
    }
  }
}

function refuseUnlessOurs(passport: string, outcome: VoidOutcome): void {
  if (outcome.kind === 'checked-in') throw voidRefused.checkedIn(passport);
  if (outcome.kind === 'voided-by-other') throw voidRefused.alreadyVoided(passport);
}
