import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';
import { PurchaseRateLimiter } from './purchase-rate-limiter';

/** Once a minute: idempotency keys older than 24 h and past rate-limit windows are deleted. */
@Injectable()
export class ExpiredRecordsCleaner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExpiredRecordsCleaner.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly keys: IdempotencyKeysRepository,
    private readonly limiter: PurchaseRateLimiter,
  ) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.clean(), 60_000);
    this.timer.unref();
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }

  async clean(): Promise<void> {
    try {
      await this.keys.deleteExpired();
      await this.limiter.deleteOld();
    } catch (error) {
      this.logger.warn({ err: error }, 'expired purchase records not deleted, will retry');
    }
  }
}
