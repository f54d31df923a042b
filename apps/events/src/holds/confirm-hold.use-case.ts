import { Injectable } from '@nestjs/common';
import { AppConfig, type Transaction } from '@event-tickets/service-kit';
import type { EventsEnv } from '../config/events.env';
import { holdFailure } from './holds.errors';
import { seatMetrics } from './holds.metrics';
import { SeatHoldsRepository } from './seat-holds.repository';

/**
 * Command: the payment succeeded, its hold becomes a sale. Idempotent. A hold released meanwhile
 * (expired) takes its seats again if they are free, else HOLD_LOST: never a seat beyond capacity; not
 * for a cancelled event (EVENT_CANCELLED). Runs in
 * the caller's transaction: a request's own, or a consumer's (with its inbox row).
 */
@Injectable()
export class ConfirmHoldUseCase {
  private readonly ttlSeconds: number;

  constructor(
    private readonly holds: SeatHoldsRepository,
    config: AppConfig<EventsEnv>,
  ) {
    this.ttlSeconds = config.env.HOLD_TTL_SECONDS;
  }

  async execute(
    command: { paymentId: string },
    tx: Transaction,
  ): Promise<{ payment_id: string; status: 'SOLD' }> {
    const hold = await this.holds.find(tx, command.paymentId, true);
    if (!hold) throw holdFailure('HOLD_NOT_FOUND');
    switch (hold.status) {
      case 'SOLD':
        break;
      case 'HELD':
        await this.holds.settle(tx, hold, 'SOLD');
        seatMetrics.sold.inc(hold.quantity);
        break;
      case 'RELEASED':
        if (hold.event_status === 'CANCELLED') throw holdFailure('EVENT_CANCELLED');
        if (!(await this.holds.retake(tx, hold, 'SOLD', this.ttlSeconds))) {
          seatMetrics.lost.inc();
          throw holdFailure('HOLD_LOST');
        }
        seatMetrics.sold.inc(hold.quantity);
        break;
    }
    return { payment_id: hold.payment_id, status: 'SOLD' };
  }
}
