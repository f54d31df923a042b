import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Collection, Connection } from 'mongoose';
import { AppConfig } from '@event-tickets/service-kit';
import type { MarketingEnv } from '../config/marketing.env';
import { leadsError } from './leads.errors';
import { leadsMetrics } from './leads.metrics';

interface Hit {
  window: string;
  expiresAt: Date;
}

/**
 * POST /leads is public (sign-up forms): a fixed window per client address, counted in MongoDB so
 * every replica shares it. One document per accepted attempt, then a count: the Mongo-wire server's
 * `$inc` loses concurrent increments, inserts are never lost. The n-th insert sees at least n hits,
 * so no more than the limit get through, whatever the concurrency. Past the limit, refusals write
 * nothing. Expired hits are deleted by a sweep (no TTL indexes on the Mongo-wire server).
 */
@Injectable()
export class LeadRateLimiter implements OnModuleInit, OnModuleDestroy {
  private readonly hits: Collection<Hit>;
  private sweeper?: NodeJS.Timeout;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly config: AppConfig<MarketingEnv>,
  ) {
    this.hits = connection.collection<Hit>('lead_rate_hits');
  }

  async onModuleInit() {
    await this.hits.createIndex({ window: 1 });
    const sweep = () => this.hits.deleteMany({ expiresAt: { $lt: new Date() } }).catch(() => undefined);
    this.sweeper = setInterval(() => void sweep(), 60_000);
    this.sweeper.unref();
  }

  onModuleDestroy() {
    clearInterval(this.sweeper);
  }

  /** Counts this attempt; throws 429 with the seconds to wait (Retry-After) past the limit. */
  async hit(client: string): Promise<void> {
    const { LEADS_RATE_WINDOW_SECONDS: seconds, LEADS_RATE_LIMIT_PER_CLIENT: limit } = this.config.env;
    const windowMs = seconds * 1000;
    const start = Math.floor(Date.now() / windowMs) * windowMs;
    const expiresAt = new Date(start + windowMs);
    const window = `client:${client}:${start}`;
    const count = () => this.hits.countDocuments({ window });
    // Already full: refuse without writing. Else insert, then count what got in (ours included).
    if ((await count()) < limit) {
      await this.hits.insertOne({ window, expiresAt });
      if ((await count()) <= limit) return;
    }
    leadsMetrics.rateLimited.inc();
    const retryAfter = Math.max(1, Math.ceil((expiresAt.getTime() - Date.now()) / 1000));
    throw leadsError('TOO_MANY_REQUESTS', 'too many leads from this address, try again later', {
      retryAfter,
    });
  }
}
