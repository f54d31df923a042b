import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Collection, Connection } from 'mongoose';
import { AppConfig, isDuplicateKey } from '@event-tickets/service-kit';
import type { MarketingEnv } from '../config/marketing.env';
import { leadsError } from './leads.errors';
import { leadsMetrics } from './leads.metrics';

interface Hit {
  _id: string;
  window: string;
  expiresAt: Date;
}

/**
 * POST /leads is public (sign-up forms): a fixed window per client address, counted in MongoDB so
 * every replica shares it. One document per accepted lead, whose `_id` is the slot of the window it
 * took (0 to limit - 1): the unique `_id` gives each slot to one request only (the Mongo-wire
 * server's `$inc` loses concurrent increments, a unique insert is never doubled), so no more than
 * the limit get through whatever the concurrency, and a request is refused only when every slot is
 * taken (insert-then-count refused everyone in a burst). Refusals write nothing. Expired hits are
 * deleted by a sweep (no TTL indexes on the Mongo-wire server).
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
    // Start at the first slot that may be free; a slot taken meanwhile sends us to the next one.
    for (let slot = await this.hits.countDocuments({ window }); slot < limit; slot += 1) {
      try {
        await this.hits.insertOne({ _id: `${window}:${slot}`, window, expiresAt });
        return;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
    leadsMetrics.rateLimited.inc();
    const retryAfter = Math.max(1, Math.ceil((expiresAt.getTime() - Date.now()) / 1000));
    throw leadsError('TOO_MANY_REQUESTS', 'too many leads from this address, try again later', {
      retryAfter,
    });
  }
}
