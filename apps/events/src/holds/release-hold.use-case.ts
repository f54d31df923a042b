import { Injectable } from '@nestjs/common';
import { type Transaction, UnitOfWork } from '@event-tickets/service-kit';
import { inTransaction } from '../common/transaction';
import { holdFailure } from './holds.errors';
import { type ReleaseReason, seatMetrics } from './holds.metrics';
import { SeatHoldsRepository } from './seat-holds.repository';

/** Command: the payment failed (or was abandoned), its seat goes back on sale. Idempotent. */
@Injectable()
export class ReleaseHoldUseCase {
  constructor(
    private readonly holds: SeatHoldsRepository,
    private readonly uow: UnitOfWork,
  ) {}

  execute(
    command: { paymentId: string; reason: ReleaseReason },
    tx?: Transaction,
  ): Promise<{ payment_id: string; status: 'RELEASED' }> {
    return inTransaction(this.uow, tx, async (manager) => {
      const hold = await this.holds.find(manager, command.paymentId, true);
      if (!hold) throw holdFailure('HOLD_NOT_FOUND');
      switch (hold.status) {
        case 'RELEASED':
          break;
        case 'SOLD':
          throw holdFailure('ALREADY_SOLD');
        case 'HELD':
          await this.holds.settle(manager, hold, 'RELEASED');
          seatMetrics.released.inc({ reason: command.reason });
          break;
      }
      return { payment_id: hold.payment_id, status: 'RELEASED' as const };
    });
  }
}
