import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';

/** Once a minute: idempotency keys older than 24 h are deleted. */
@Injectable()
export class ExpiredRecordsCleaner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExpiredRecordsCleaner.name);
  private timer?: NodeJS.Timeout;

  constructor(private readonly keys: IdempotencyKeysRepository) {}

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
    } catch (error) {
      this.logger.warn({ err: error }, 'expired purchase records not deleted, will retry');
    }
  }
}
