import { Injectable } from '@nestjs/common';
import { AppConfig, RateLimiter, RateLimitStore } from '@event-tickets/service-kit';
import type { PaymentsEnv } from '../config/payments.env';
import { purchasesError } from './purchases.errors';

/** Purchases per user in a sliding one-minute window, shared by every replica. */
@Injectable()
export class PurchaseRateLimiter {
  private readonly limiter: RateLimiter;

  constructor(store: RateLimitStore, config: AppConfig<PaymentsEnv>) {
    this.limiter = new RateLimiter(store, {
      name: 'purchases-user',
      limit: config.env.PURCHASE_RATE_LIMIT_PER_MINUTE,
      windowSeconds: 60,
    });
  }

  /** Counts this purchase; 429 with the seconds to wait when the user is over the limit. */
  async hit(userId: string): Promise<void> {
    const decision = await this.limiter.consume(userId);
    if (!decision.allowed)
      throw purchasesError('TOO_MANY_PURCHASES', 'too many purchases, try again later', {
        retryAfter: decision.retryAfterSeconds,
      });
  }
}
