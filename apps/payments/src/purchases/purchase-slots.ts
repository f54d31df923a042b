import { Injectable } from '@nestjs/common';
import { AppConfig, WorkSlots } from '@event-tickets/service-kit';
import { paymentsMetrics } from '../common/payments.metrics';
import type { PaymentsEnv } from '../config/payments.env';
import { PURCHASE_MESSAGES, purchasesError } from './purchases.errors';

/** Seconds a purchase turned away because events is busy is told to wait. */
export const BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * At most EVENTS_MAX_IN_FLIGHT purchases of this process between asking events for a hold and
 * extending it; one more answers 503 EVENTS_UNAVAILABLE with Retry-After at once. When events
 * slows down, callers get a prompt answer instead of piling up sockets, memory and timeouts.
 */
@Injectable()
export class PurchaseSlots {
  private readonly slots: WorkSlots;

  constructor(config: AppConfig<PaymentsEnv>) {
    this.slots = new WorkSlots(config.env.EVENTS_MAX_IN_FLIGHT, 0);
  }

  get inUse(): number {
    return this.slots.load;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.slots.full) {
      paymentsMetrics.purchasesShed.inc();
      throw purchasesError('EVENTS_UNAVAILABLE', PURCHASE_MESSAGES.EVENTS_BUSY, {
        retryAfter: BUSY_RETRY_AFTER_SECONDS,
      });
    }
    return this.slots.run(work);
  }
}
