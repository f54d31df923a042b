import { Injectable } from '@nestjs/common';
import { AppConfig, type Transaction, UnitOfWork } from '@event-tickets/service-kit';
import { inTransaction } from '../common/transaction';
import type { EventsEnv } from '../config/events.env';
import { holdFailure } from './holds.errors';
import { seatMetrics } from './holds.metrics';
import { SeatHoldsRepository } from './seat-holds.repository';

/**
 * Command: the payment succeeded, its hold becomes a sale. Idempotent. A hold released meanwhile
 * (expired) takes a seat again if one is free, else HOLD_LOST: never a seat beyond capacity.
 */
@Injectable()
export class ConfirmHoldUseCase {
  private readonly ttlSeconds: number;

  constructor(
    private readonly holds: SeatHoldsRepository,
    private readonly uow: UnitOfWork,
    config: AppConfig<EventsEnv>,
  ) {
    this.ttlSeconds = config.env.HOLD_TTL_SECONDS;
  }

  execute(command: { paymentId: string }, tx?: Transaction): Promise<{ payment_id: string; status: 'SOLD' }> {
    return inTransaction(this.uow, tx, async (manager) => {
      const hold = await this.holds.find(manager, command.paymentId, true);
      if (!hold) throw holdFailure('HOLD_NOT_FOUND');
      switch (hold.status) {
        case 'SOLD':
          break;
        case 'HELD':
          await this.holds.settle(manager, hold, 'SOLD');
          seatMetrics.sold.inc();
          break;
        case 'RELEASED':
          if (!(await this.holds.retake(manager, hold, 'SOLD', this.ttlSeconds))) {
            seatMetrics.lost.inc();
            throw holdFailure('HOLD_LOST');
          }
          seatMetrics.sold.inc();
          break;
      }
      return { payment_id: hold.payment_id, status: 'SOLD' as const };
    });
  }
}
