import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, WorkerLoop } from '@event-tickets/service-kit';
import type { PaymentsEnv } from '../config/payments.env';
import { PaymentMailWorker } from '../emails/payment-mail.worker';
import { ExpireOverduePaymentsUseCase } from './expire-overdue-payments.use-case';

/** Every PAYMENT_SWEEP_INTERVAL_MS, fails the overdue payments (all replicas sweep; SKIP LOCKED shares). */
@Injectable()
export class PaymentTimeoutSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PaymentTimeoutSweeper.name);
  private readonly loop: WorkerLoop;

  constructor(
    private readonly expire: ExpireOverduePaymentsUseCase,
    private readonly mail: PaymentMailWorker,
    config: AppConfig<PaymentsEnv>,
  ) {
    const { PAYMENT_SWEEP_BATCH_SIZE: batch, PAYMENT_SWEEP_INTERVAL_MS: interval } = config.env;
    this.loop = new WorkerLoop({
      name: 'payment-timeout-sweeper',
      intervalMs: interval,
      cycle: async () => {
        const expired = await this.expire.execute(batch);
        if (expired) {
          this.logger.warn({ count: expired }, 'payments timed out');
          this.mail.kick();
        }
        return expired >= batch;
      },
    });
  }

  onApplicationBootstrap() {
    this.loop.start();
  }

  async onApplicationShutdown() {
    await this.loop.stop();
  }
}
