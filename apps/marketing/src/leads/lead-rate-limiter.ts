import { Injectable } from '@nestjs/common';
import { AppConfig, RateLimiter, RateLimitStore } from '@event-tickets/service-kit';
import type { MarketingEnv } from '../config/marketing.env';
import { leadsError } from './leads.errors';
import { leadsMetrics } from './leads.metrics';

/** POST /leads is public (sign-up forms): a sliding window per client address, shared by every replica. */
@Injectable()
export class LeadRateLimiter {
  private readonly limiter: RateLimiter;

  constructor(store: RateLimitStore, config: AppConfig<MarketingEnv>) {
    this.limiter = new RateLimiter(store, {
      name: 'leads-client',
      limit: config.env.LEADS_RATE_LIMIT_PER_CLIENT,
      windowSeconds: config.env.LEADS_RATE_WINDOW_SECONDS,
    });
  }

  /** Counts this attempt; throws 429 with the seconds to wait (Retry-After) past the limit. */
  async hit(client: string): Promise<void> {
    const decision = await this.limiter.consume(client);
    if (decision.allowed) return;
    leadsMetrics.rateLimited.inc();
    throw leadsError('TOO_MANY_REQUESTS', 'too many leads from this address, try again later', {
      retryAfter: decision.retryAfterSeconds,
    });
  }
}
