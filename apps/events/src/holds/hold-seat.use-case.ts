import { Injectable } from '@nestjs/common';
import { AppConfig, DomainError, isUniqueViolation, sqlState } from '@event-tickets/service-kit';
import type { EventsEnv } from '../config/events.env';
import { type HoldRow, toHoldView, type HoldView } from './hold';
import { holdFailure } from './holds.errors';
import { seatMetrics } from './holds.metrics';
import { SeatHoldsRepository } from './seat-holds.repository';

export interface HoldResult {
  /** A seat was taken by this call (201), rather than found already held or sold for the payment (200). */
  created: boolean;
  hold: HoldView;
}

export interface HoldSeatCommand {
  eventId: number | undefined;
  paymentId: string;
  /** The hold's length asked for; HOLD_TTL_SECONDS when absent, and never more than it. */
  ttlSeconds?: number;
}

const DEADLOCK = '40P01';
const ATTEMPTS = 3;

/**
 * Command (payments → events): hold one seat for a payment. Atomic under any concurrency (one
 * conditional UPDATE of the counters, in the statement that inserts the hold) and idempotent per
 * payment id: a repeated call answers the existing hold. A payment whose hold was released (by its
 * payment, by expiry, or ahead of the hold by a caller that gave up on it) is refused: a hold request
 * arriving late can never take a seat for a purchase nobody is waiting for.
 */
@Injectable()
export class HoldSeatUseCase {
  private readonly maxTtlSeconds: number;

  constructor(
    private readonly holds: SeatHoldsRepository,
    config: AppConfig<EventsEnv>,
  ) {
    this.maxTtlSeconds = config.env.HOLD_TTL_SECONDS;
  }

  async execute(command: HoldSeatCommand): Promise<HoldResult> {
    const stop = seatMetrics.holdDuration.startTimer();
    try {
      const ttl = Math.min(command.ttlSeconds ?? this.maxTtlSeconds, this.maxTtlSeconds);
      const result = await this.hold(command.eventId, command.paymentId, ttl);
      stop({ outcome: result.created ? 'held' : 'repeated' });
      return result;
    } catch (error) {
      stop({ outcome: error instanceof DomainError ? error.code.toLowerCase() : 'error' });
      throw error;
    }
  }

  private async hold(eventId: number | undefined, paymentId: string, ttl: number): Promise<HoldResult> {
    if (eventId === undefined) throw holdFailure('EVENT_NOT_FOUND');
    for (let attempt = 1; ; attempt += 1) {
      const taken = await this.take(eventId, paymentId, ttl, attempt);
      if (taken !== 'exists' && taken) {
        seatMetrics.held.inc();
        return { created: true, hold: toHoldView(taken) };
      }
      const { hold, eventExists } = await this.holds.lookup(eventId, paymentId);
      if (hold) return this.answer(hold, eventId);
      // A concurrent first call for this payment rolled back between our insert and our read: retry.
      if (taken === 'exists' && attempt < ATTEMPTS) continue;
      throw holdFailure(eventExists ? 'SOLD_OUT' : 'EVENT_NOT_FOUND');
    }
  }

  /** The new-hold statement; 'exists' when the payment already has a row. Deadlocks are retried. */
  private async take(
    eventId: number,
    paymentId: string,
    ttl: number,
    attempt: number,
  ): Promise<HoldRow | 'exists' | undefined> {
    try {
      return await this.holds.takeNew(eventId, paymentId, ttl);
    } catch (error) {
      if (isUniqueViolation(error)) return 'exists';
      if (sqlState(error) === DEADLOCK && attempt < ATTEMPTS)
        return this.take(eventId, paymentId, ttl, attempt + 1);
      throw error;
    }
  }

  /** The payment already has a row: the same answer again, or refused once released. */
  private answer(existing: HoldRow, eventId: number): HoldResult {
    if (existing.event_id !== eventId) throw holdFailure('HOLD_CONFLICT');
    if (existing.status === 'RELEASED') throw holdFailure('HOLD_RELEASED');
    return { created: false, hold: toHoldView(existing) };
  }
}
