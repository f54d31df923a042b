import { Injectable } from '@nestjs/common';
import { AppConfig, DomainError, isUniqueViolation, sqlState } from '@event-tickets/service-kit';
import type { EventsEnv } from '../config/events.env';
import { type HoldRow, toHoldView, type HoldView } from './hold';
import { holdFailure } from './holds.errors';
import { seatMetrics } from './holds.metrics';
import { SeatHoldsRepository, type TakeNew } from './seat-holds.repository';
import type { Refusal } from './seat-holds.sql';

export interface HoldResult {
  /** Seats were taken by this call (201), rather than found already held or sold for the payment (200). */
  created: boolean;
  hold: HoldView;
}

export interface HoldSeatCommand {
  eventId: number | undefined;
  paymentId: string;
  /** The hold's length asked for; HOLD_TTL_SECONDS when absent, and never more than it. */
  ttlSeconds?: number;
  /** Seats to hold, all or none; 1 when absent. */
  quantity?: number;
  /** A number or a string of digits; the event's default type when absent. */
  ticketTypeId?: number | string;
}

const DEADLOCK = '40P01';
const ATTEMPTS = 3;
const MAX_ID = 2_147_483_647;

/** A type id as the statement takes it: null = the default type, 0 = one no type can have. */
function typeIdOf(raw: number | string | undefined): number | null {
  if (raw === undefined || raw === null) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) && id >= 1 && id <= MAX_ID ? id : 0;
}

/**
 * Command (payments → events): hold `quantity` seats of a type for a payment. Atomic under any
 * concurrency (one conditional UPDATE of the type's counters, in the statement that inserts the hold)
 * and idempotent per payment id: a repeated call answers the existing hold. A payment whose hold was
 * released (by its payment, by expiry, or ahead of the hold by a caller that gave up on it) is
 * refused: a hold request arriving late can never take a seat for a purchase nobody is waiting for.
 */
@Injectable()
export class HoldSeatUseCase {
  private readonly env: EventsEnv;

  constructor(
    private readonly holds: SeatHoldsRepository,
    config: AppConfig<EventsEnv>,
  ) {
    this.env = config.env;
  }

  async execute(command: HoldSeatCommand): Promise<HoldResult> {
    const stop = seatMetrics.holdDuration.startTimer();
    try {
      if (command.eventId === undefined) throw holdFailure('EVENT_NOT_FOUND');
      const result = await this.hold({
        eventId: command.eventId,
        paymentId: command.paymentId,
        ttlSeconds: Math.min(command.ttlSeconds ?? this.env.HOLD_TTL_SECONDS, this.env.HOLD_TTL_SECONDS),
        quantity: command.quantity ?? 1,
        ticketTypeId: typeIdOf(command.ticketTypeId),
        maxPerOrder: this.env.MAX_TICKETS_PER_ORDER,
      });
      stop({ outcome: result.created ? 'held' : 'repeated' });
      return result;
    } catch (error) {
      stop({ outcome: error instanceof DomainError ? error.code.toLowerCase() : 'error' });
      throw error;
    }
  }

  private async hold(c: TakeNew): Promise<HoldResult> {
    for (let attempt = 1; ; attempt += 1) {
      const taken = await this.take(c, attempt);
      if (taken !== 'exists' && taken) {
        seatMetrics.held.inc(taken.quantity);
        return { created: true, hold: this.view(taken) };
      }
      const { hold, refusal } = await this.holds.lookup(c);
      if (hold) return this.answer(hold, c.eventId);
      // A concurrent first call for this payment rolled back between our insert and our read: retry.
      if (taken === 'exists' && attempt < ATTEMPTS) continue;
      throw this.refused(refusal, c.quantity);
    }
  }

  /** The new-hold statement; 'exists' when the payment already has a row. Deadlocks are retried. */
  private async take(c: TakeNew, attempt: number): Promise<HoldRow | 'exists' | undefined> {
    try {
      return await this.holds.takeNew(c);
    } catch (error) {
      if (isUniqueViolation(error)) return 'exists';
      if (sqlState(error) === DEADLOCK && attempt < ATTEMPTS) return this.take(c, attempt + 1);
      throw error;
    }
  }

  /** Why the event took no seat, first reason first. */
  private refused(r: Refusal, quantity: number): DomainError {
    if (r.target_status === null) return holdFailure('EVENT_NOT_FOUND');
    if (r.target_status === 'CANCELLED') return holdFailure('EVENT_CANCELLED');
    if (r.max_tickets !== null && quantity > r.max_tickets)
      return holdFailure('QUANTITY_ABOVE_LIMIT', { max_tickets_per_order: r.max_tickets });
    if (r.target_type === null) return holdFailure('TICKET_TYPE_NOT_FOUND');
    if (r.not_started) return holdFailure('SALE_NOT_STARTED');
    if (r.ended) return holdFailure('SALE_ENDED');
    const available =
      r.type_capacity === null
        ? null
        : Math.max(0, r.type_capacity - (r.type_sold ?? 0) - (r.type_held ?? 0));
    return holdFailure('SOLD_OUT', { available });
  }

  /** The payment already has a row: the same answer again, or refused once released. */
  private answer(existing: HoldRow, eventId: number): HoldResult {
    if (existing.event_id !== eventId) throw holdFailure('HOLD_CONFLICT');
    if (existing.status === 'RELEASED') throw holdFailure('HOLD_RELEASED');
    return { created: false, hold: this.view(existing) };
  }

  private view(row: HoldRow): HoldView {
    return toHoldView(row, this.env.REFUND_CUTOFF_HOURS);
  }
}
