import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@event-tickets/service-kit';
import type { PaymentsEnv } from '../config/payments.env';
import { MailWorker } from '../emails/mail-worker';
import { ExpireOverduePaymentsUseCase } from './expire-overdue-payments.use-case';

/** Every PAYMENT_SWEEP_INTERVAL_MS, fails the overdue payments (all replicas sweep; SKIP LOCKED shares). */
@Injectable()
export class PaymentTimeoutSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PaymentTimeoutSweeper.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly expire: ExpireOverduePaymentsUseCase,
    private readonly mail: MailWorker,
    private readonly config: AppConfig<PaymentsEnv>,
  ) {}

  onApplicationBootstrap() {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown() {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { PAYMENT_SWEEP_BATCH_SIZE: batch, PAYMENT_SWEEP_INTERVAL_MS: interval } = this.config.env;
    while (this.running) {
      let expired = 0;
      try {
        expired = await this.expire.execute(batch);
        if (expired) {
          this.logger.warn({ count: expired }, 'payments timed out');
          this.mail.kick();
        }
      } catch (error) {
        this.logger.warn({ err: error }, 'timeout sweep failed, will retry');
      }
      if (expired < batch) await this.sleep(interval);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
