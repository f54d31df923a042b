import { Injectable } from '@nestjs/common';
import { AppConfig, DomainError, isUniqueViolation, sqlState, UnitOfWork } from '@event-tickets/service-kit';
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

const DEADLOCK = '40P01';
const ATTEMPTS = 3;

/**
 * Command (payments → events): hold one seat for a payment. Atomic under any concurrency (one
 * conditional UPDATE of the counters, in the statement that inserts the hold) and idempotent per
 * payment id: a repeated call answers the existing hold.
 */
@Injectable()
export class HoldSeatUseCase {
  private readonly ttlSeconds: number;

  constructor(
    private readonly holds: SeatHoldsRepository,
    private readonly uow: UnitOfWork,
    config: AppConfig<EventsEnv>,
  ) {
    this.ttlSeconds = config.env.HOLD_TTL_SECONDS;
  }

  async execute(command: { eventId: number | undefined; paymentId: string }): Promise<HoldResult> {
    const stop = seatMetrics.holdDuration.startTimer();
    try {
      const result = await this.hold(command.eventId, command.paymentId);
      stop({ outcome: result.created ? 'held' : 'repeated' });
      return result;
    } catch (error) {
      stop({ outcome: error instanceof DomainError ? error.code.toLowerCase() : 'error' });
      throw error;
    }
  }

  private async hold(eventId: number | undefined, paymentId: string): Promise<HoldResult> {
    if (eventId === undefined) throw holdFailure('EVENT_NOT_FOUND');
    for (let attempt = 1; ; attempt += 1) {
      const taken = await this.take(eventId, paymentId, attempt);
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
    attempt: number,
  ): Promise<HoldRow | 'exists' | undefined> {
    try {
      return await this.holds.takeNew(eventId, paymentId, this.ttlSeconds);
    } catch (error) {
      if (isUniqueViolation(error)) return 'exists';
      if (sqlState(error) === DEADLOCK && attempt < ATTEMPTS)
        return this.take(eventId, paymentId, attempt + 1);
      throw error;
    }
  }

  /** The payment already has a hold: the same answer again, or a released one taken again. */
  private async answer(existing: HoldRow, eventId: number): Promise<HoldResult> {
    if (existing.event_id !== eventId) throw holdFailure('HOLD_CONFLICT');
    if (existing.status !== 'RELEASED') return { created: false, hold: toHoldView(existing) };
    return this.uow.run(async (tx) => {
      const hold = (await this.holds.find(tx, existing.payment_id, true))!;
      if (hold.status !== 'RELEASED') return { created: false, hold: toHoldView(hold) };
      if (!(await this.holds.retake(tx, hold, 'HELD', this.ttlSeconds))) throw holdFailure('SOLD_OUT');
      seatMetrics.held.inc();
      return { created: true, hold: toHoldView((await this.holds.find(tx, hold.payment_id))!) };
    });
  }
}
