import { Injectable } from '@nestjs/common';
import { AppConfig, UnitOfWork } from '@event-tickets/service-kit';
import type { EventsEnv } from '../config/events.env';
import { seatMetrics } from './holds.metrics';
import { SeatHoldsRepository } from './seat-holds.repository';

/** Command: put the seats of holds past their expiry back on sale, batch by batch; returns the holds. */
@Injectable()
export class ExpireHoldsUseCase {
  constructor(
    private readonly holds: SeatHoldsRepository,
    private readonly uow: UnitOfWork,
    private readonly config: AppConfig<EventsEnv>,
  ) {}

  async execute(): Promise<number> {
    const batch = this.config.env.HOLD_SWEEP_BATCH_SIZE;
    let total = 0;
    for (;;) {
      const released = await this.uow.run((tx) => this.holds.releaseExpired(tx, batch));
      seatMetrics.released.inc({ reason: 'expired' }, released.seats);
      total += released.holds;
      if (released.holds < batch) return total;
    }
  }
}
