import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@event-tickets/service-kit';
import type { PaymentsEnv } from '../config/payments.env';
import { purchasesError } from './purchases.errors';

/** Fixed one-minute windows of purchases per user, counted in PostgreSQL so every replica shares them. */
@Injectable()
export class PurchaseRateLimiter {
  private readonly limit: number;

  constructor(
    private readonly db: DataSource,
    config: AppConfig<PaymentsEnv>,
  ) {
    this.limit = config.env.PURCHASE_RATE_LIMIT_PER_MINUTE;
  }

  /**
   * Counts this purchase in the current minute (the database's clock, so replicas agree); 429 with
   * the seconds to wait when the user is over the limit.
   */
  async hit(userId: string): Promise<void> {
    const [row] = (await this.db.query(
      `INSERT INTO purchase_rate_windows (user_id, window_start, count)
       VALUES ($1, date_trunc('minute', now()), 1)
       ON CONFLICT (user_id, window_start) DO UPDATE SET count = purchase_rate_windows.count + 1
       RETURNING count, CEIL(EXTRACT(EPOCH FROM window_start + interval '1 minute' - now()))::int AS retry_after`,
      [userId],
    )) as { count: number; retry_after: number }[];
    if (row!.count > this.limit)
      throw purchasesError('TOO_MANY_PURCHASES', 'too many purchases, try again later', {
        retryAfter: Math.max(1, row!.retry_after),
      });
  }

  async deleteOld(): Promise<void> {
    await this.db.query(
      `DELETE FROM purchase_rate_windows WHERE window_start < now() - interval '5 minutes'`,
    );
  }
}
