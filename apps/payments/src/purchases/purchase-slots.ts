import { Injectable } from '@nestjs/common';
import { AppConfig, SlotWaitTimeout, WorkSlots } from '@event-tickets/service-kit';
import { paymentsMetrics } from '../common/payments.metrics';
import type { PaymentsEnv } from '../config/payments.env';
import { PURCHASE_MESSAGES, purchasesError } from './purchases.errors';

/** Seconds a purchase turned away because events is busy is told to wait. */
export const BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * At most EVENTS_MAX_IN_FLIGHT purchases of this process between asking events for a hold and
 * extending it; the next ones wait in line (at most EVENTS_QUEUE_LIMIT, each at most
 * EVENTS_QUEUE_WAIT_MS: an on-sale crowd is served in order within a couple of seconds). Past either
 * bound a purchase answers 503 EVENTS_UNAVAILABLE with Retry-After: when events slows down, callers
 * get a prompt answer instead of piling up sockets, memory and timeouts.
 */
@Injectable()
export class PurchaseSlots {
  private readonly slots: WorkSlots;

  constructor(config: AppConfig<PaymentsEnv>) {
    const env = config.env;
    this.slots = new WorkSlots(env.EVENTS_MAX_IN_FLIGHT, env.EVENTS_QUEUE_LIMIT, env.EVENTS_QUEUE_WAIT_MS);
  }

  get inUse(): number {
    return this.slots.load;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.slots.full) throw shed();
    try {
      return await this.slots.run(work);
    } catch (error) {
      throw error instanceof SlotWaitTimeout ? shed() : error;
    }
  }
}

function shed() {
  paymentsMetrics.purchasesShed.inc();
  return purchasesError('EVENTS_UNAVAILABLE', PURCHASE_MESSAGES.EVENTS_BUSY, {
    retryAfter: BUSY_RETRY_AFTER_SECONDS,
  });
}
