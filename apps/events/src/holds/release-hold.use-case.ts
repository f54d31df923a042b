import { Injectable } from '@nestjs/common';
import type { Transaction } from '@event-tickets/service-kit';
import { holdFailure } from './holds.errors';
import { type ReleaseReason, seatMetrics } from './holds.metrics';
import { SeatHoldsRepository } from './seat-holds.repository';

/**
 * Command: the payment failed (or was abandoned), its seat goes back on sale. Idempotent. Runs in the
 * caller's transaction: a request's own, or a consumer's (with its inbox row).
 */
@Injectable()
export class ReleaseHoldUseCase {
  constructor(private readonly holds: SeatHoldsRepository) {}

  async execute(
    command: { paymentId: string; reason: ReleaseReason },
    tx: Transaction,
  ): Promise<{ payment_id: string; status: 'RELEASED' }> {
    const hold = await this.holds.find(tx, command.paymentId, true);
    if (!hold) throw holdFailure('HOLD_NOT_FOUND');
    switch (hold.status) {
      case 'RELEASED':
        break;
      case 'SOLD':
        throw holdFailure('ALREADY_SOLD');
      case 'HELD':
        await this.holds.settle(tx, hold, 'RELEASED');
        seatMetrics.released.inc({ reason: command.reason });
        break;
    }
    return { payment_id: hold.payment_id, status: 'RELEASED' };
  }
}
