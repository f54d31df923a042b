import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { WorkerLoop } from '@event-tickets/service-kit';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';

/** Once a minute: idempotency keys older than 24 h are deleted. */
@Injectable()
export class ExpiredRecordsCleaner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: WorkerLoop;

  constructor(private readonly keys: IdempotencyKeysRepository) {
    this.loop = new WorkerLoop({
      name: 'expired-purchase-records',
      intervalMs: 60_000,
      cycle: () => this.clean(),
    });
  }

  onApplicationBootstrap() {
    this.loop.start();
  }

  async onApplicationShutdown() {
    await this.loop.stop();
  }

  async clean(): Promise<void> {
    await this.keys.deleteExpired();
  }
}
