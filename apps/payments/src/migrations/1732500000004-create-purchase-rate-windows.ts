import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Fixed one-minute windows of POST /payments per user, shared by every replica. */
export class CreatePurchaseRateWindows1732500000004 implements MigrationInterface {
  name = 'CreatePurchaseRateWindows1732500000004';

  async up(q: QueryRunner): Promise<void> {
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

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS purchase_rate_windows`);
  }
}
