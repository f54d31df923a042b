import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@event-tickets/service-kit';
import type { EventsEnv } from '../config/events.env';
import { ExpireHoldsUseCase } from './expire-holds.use-case';

/**
 * Runs the expiry every HOLD_SWEEP_INTERVAL_MS in each replica, one sweep at a time per process;
 * stopped (and the running sweep awaited) before the database connection closes.
 */
@Injectable()
export class HoldSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HoldSweeper.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(
    private readonly expireHolds: ExpireHoldsUseCase,
    private readonly config: AppConfig<EventsEnv>,
  ) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => this.sweep(), this.config.env.HOLD_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy() {
    clearInterval(this.timer);
    await this.sweeping;
  }

  private sweep(): void {
    if (this.sweeping) return;
    this.sweeping = this.expireHolds
      .execute()
      .then((released) => {
        if (released) this.logger.log('expired holds released', { released });
      })
      .catch((error: unknown) => this.logger.warn('hold sweep failed, will retry', { err: error }))
      .finally(() => (this.sweeping = undefined));
  }
}
