import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig, WorkerLoop } from '@event-tickets/service-kit';
import type { EventsEnv } from '../config/events.env';
import { ExpireHoldsUseCase } from './expire-holds.use-case';

/**
 * Runs the expiry every HOLD_SWEEP_INTERVAL_MS in each replica, one sweep at a time per process;
 * stopped (and the running sweep awaited) before the database connection closes.
 */
@Injectable()
export class HoldSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HoldSweeper.name);
  private readonly loop: WorkerLoop;

  constructor(expireHolds: ExpireHoldsUseCase, config: AppConfig<EventsEnv>) {
    this.loop = new WorkerLoop({
      name: 'hold-sweeper',
      intervalMs: config.env.HOLD_SWEEP_INTERVAL_MS,
      cycle: async () => {
        const released = await expireHolds.execute();
        if (released) this.logger.log({ released }, 'expired holds released');
      },
    });
  }

  onApplicationBootstrap() {
    this.loop.start();
  }

  async onModuleDestroy() {
    await this.loop.stop();
  }
}
