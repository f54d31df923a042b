import { Injectable } from '@nestjs/common';
import type { Transaction } from '@event-tickets/service-kit';
import { holdFailure } from './holds.errors';
import { type ReleaseReason, seatMetrics } from './holds.metrics';
import { SeatHoldsRepository } from './seat-holds.repository';

export interface ReleaseHoldCommand {
  paymentId: string;
  reason: ReleaseReason;
  /**
   * The event the caller asked a hold of, when it does not know whether the hold was taken (its
   * request timed out). An unknown payment then leaves a RELEASED row (a tombstone), so the hold
   * request, should it still arrive, is refused. Without it an unknown payment is HOLD_NOT_FOUND.
   */
  eventId?: number;
}

/**
 * Command: the payment failed (or was abandoned), its seat goes back on sale. Idempotent. Runs in the
 * caller's transaction: a request's own, or a consumer's (with its inbox row).
 */
@Injectable()
export class ReleaseHoldUseCase {
  constructor(private readonly holds: SeatHoldsRepository) {}

  async execute(
    command: ReleaseHoldCommand,
    tx: Transaction,
  ): Promise<{ payment_id: string; status: 'RELEASED' }> {
    let hold = await this.holds.find(tx, command.paymentId, true);
    if (!hold && command.eventId !== undefined) {
      // Waits for a hold of this payment being inserted right now; finds it below if it committed.
      if (await this.holds.tombstone(tx, command.paymentId, command.eventId))
        return { payment_id: command.paymentId, status: 'RELEASED' };
      hold = await this.holds.find(tx, command.paymentId, true);
      // No such event: nothing is held and nothing can be.
      if (!hold) return { payment_id: command.paymentId, status: 'RELEASED' };
    }
    if (!hold) throw holdFailure('HOLD_NOT_FOUND');
    switch (hold.status) {
      case 'RELEASED':
        break;
      case 'SOLD':
        throw holdFailure('ALREADY_SOLD');
      case 'HELD':
        await this.holds.settle(tx, hold, 'RELEASED');
        seatMetrics.released.inc({ reason: command.reason }, hold.quantity);
        break;
    }
    return { payment_id: hold.payment_id, status: 'RELEASED' };
  }
}
