import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Purchases are now counted in the kit's `rate_limit_hits` (CreateRateLimitHits1732400000010, run just
 * before). The old per-minute counters are dropped, not copied: they only held the current minute.
 */
export class DropPurchaseRateWindows1732500000005 implements MigrationInterface {
  name = 'DropPurchaseRateWindows1732500000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS purchase_rate_windows`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS purchase_rate_windows (
        user_id TEXT NOT NULL,
        window_start TIMESTAMPTZ NOT NULL,
        count INT NOT NULL,
        PRIMARY KEY (user_id, window_start)
      )`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS purchase_rate_windows_start_idx ON purchase_rate_windows (window_start)`,
    );
  }
}
