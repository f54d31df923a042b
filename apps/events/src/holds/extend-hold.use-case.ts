import { Injectable } from '@nestjs/common';
import { AppConfig, type Transaction } from '@event-tickets/service-kit';
import type { EventsEnv } from '../config/events.env';
import type { HoldStatus } from './hold';
import { holdFailure } from './holds.errors';
import { SeatHoldsRepository } from './seat-holds.repository';

/**
 * Command (payments → events): the payment is stored, so its short first hold now lasts
 * HOLD_TTL_SECONDS from now (never shortened: a repeated call changes nothing). A sold seat stays
 * sold; a released one cannot be extended.
 */
@Injectable()
export class ExtendHoldUseCase {
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
  ): Promise<{ payment_id: string; status: HoldStatus; expires_at: string }> {
    const hold = await this.holds.find(tx, command.paymentId, true);
    if (!hold) throw holdFailure('HOLD_NOT_FOUND');
    if (hold.status === 'RELEASED') throw holdFailure('HOLD_RELEASED');
    const expiresAt =
      hold.status === 'HELD'
        ? await this.holds.extend(tx, hold.payment_id, this.ttlSeconds)
        : hold.expires_at;
    return { payment_id: hold.payment_id, status: hold.status, expires_at: expiresAt.toISOString() };
  }
}
