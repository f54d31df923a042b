import { Injectable } from '@nestjs/common';
import { Database, type Sql } from '@event-tickets/service-kit';

export interface DueRelease {
  payment_id: string;
  event_id: string;
  /** This attempt's number (1 for the first). */
  attempts: number;
}

/** The `hold_releases` rows: holds asked for and not (yet) backed by a stored payment. */
export interface HoldReleaseStore {
  /** Before the hold is asked for: a row due after `graceMs` (the time the purchase has to store it). */
  expect(paymentId: string, eventId: string, graceMs: number): Promise<void>;
  /** In the payment's transaction: false when the worker has already started releasing the hold. */
  settle(sql: Sql, paymentId: string): Promise<boolean>;
  /** The purchase failed: release it now (also when the worker has tried already). */
  dueNow(paymentId: string): Promise<void>;
  /** events answered that it holds nothing for the payment, or confirmed the release. */
  forget(paymentId: string): Promise<void>;
  /** Due rows, each leased for `leaseMs` (so replicas share them) and counted as an attempt. */
  claim(limit: number, leaseMs: number): Promise<DueRelease[]>;
  retryLater(paymentId: string, delayMs: number, error: string): Promise<void>;
}

@Injectable()
export class HoldReleasesRepository implements HoldReleaseStore {
  constructor(private readonly db: Database) {}

  async expect(paymentId: string, eventId: string, graceMs: number): Promise<void> {
    await this.db.prepared(
      'hold_releases_expect',
      `INSERT INTO hold_releases (payment_id, event_id, next_attempt_at)
       VALUES ($1, $2, now() + make_interval(secs => $3::float8 / 1000))`,
      [paymentId, eventId, graceMs],
    );
  }

  /** Only a row no worker has claimed (attempts = 0); a claim in progress is waited for. */
  async settle(sql: Sql, paymentId: string): Promise<boolean> {
    const rows = await sql.prepared(
      'hold_releases_settle',
      `DELETE FROM hold_releases WHERE payment_id = $1 AND attempts = 0 RETURNING payment_id`,
      [paymentId],
    );
    return rows.length === 1;
  }

  async dueNow(paymentId: string): Promise<void> {
    await this.db.execute(`UPDATE hold_releases SET next_attempt_at = now() WHERE payment_id = $1`, [
      paymentId,
    ]);
  }

  async forget(paymentId: string): Promise<void> {
    await this.db.execute(`DELETE FROM hold_releases WHERE payment_id = $1`, [paymentId]);
  }

  claim(limit: number, leaseMs: number): Promise<DueRelease[]> {
    return this.db.query<DueRelease>(
      `UPDATE hold_releases SET attempts = attempts + 1,
         next_attempt_at = now() + make_interval(secs => $2::float8 / 1000)
       WHERE payment_id IN (
         SELECT payment_id FROM hold_releases WHERE next_attempt_at <= now()
         ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
       )
       RETURNING payment_id, event_id, attempts`,
      [limit, leaseMs],
    );
  }

  async retryLater(paymentId: string, delayMs: number, error: string): Promise<void> {
    await this.db.execute(
      `UPDATE hold_releases SET next_attempt_at = now() + make_interval(secs => $2::float8 / 1000),
         last_error = $3 WHERE payment_id = $1`,
      [paymentId, delayMs, error.slice(0, 500)],
    );
  }
}
