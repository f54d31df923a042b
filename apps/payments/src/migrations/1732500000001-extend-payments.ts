import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the original's `payments` row lacked: the buyer (token id, name, language), the authoritative
 * event details and currency taken from the seat hold, the failure reason, and the PENDING deadline.
 * The payment token is still not stored.
 */
export class ExtendPayments1732500000001 implements MigrationInterface {
  name = 'ExtendPayments1732500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE payments
        ADD COLUMN IF NOT EXISTS user_id TEXT,
        ADD COLUMN IF NOT EXISTS user_name TEXT NOT NULL DEFAULT '',
        ADD COLUMN IF NOT EXISTS user_language TEXT NOT NULL DEFAULT '',
        ADD COLUMN IF NOT EXISTS currency TEXT NOT NULL DEFAULT '',
        ADD COLUMN IF NOT EXISTS reason TEXT,
        ADD COLUMN IF NOT EXISTS event_name TEXT NOT NULL DEFAULT '',
        ADD COLUMN IF NOT EXISTS event_description TEXT NOT NULL DEFAULT '',
        ADD COLUMN IF NOT EXISTS event_image_url TEXT NOT NULL DEFAULT '',
        ADD COLUMN IF NOT EXISTS event_date TIMESTAMPTZ,
        ADD COLUMN IF NOT EXISTS deadline_at TIMESTAMPTZ`);
    await q.query(`
      DO $$ BEGIN
        ALTER TABLE payments ADD CONSTRAINT payments_status_check
          CHECK (status IN ('PENDING', 'SUCCESS', 'FAILED'));
      EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS payments_pending_deadline_idx ON payments (deadline_at) WHERE status = 'PENDING'`,
    );
    await q.query(`CREATE INDEX IF NOT EXISTS payments_user_idx ON payments (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS payments_user_idx`);
    await q.query(`DROP INDEX IF EXISTS payments_pending_deadline_idx`);
    await q.query(`ALTER TABLE payments DROP CONSTRAINT IF EXISTS payments_status_check`);
    await q.query(`
      ALTER TABLE payments
        DROP COLUMN IF EXISTS deadline_at, DROP COLUMN IF EXISTS event_date,
        DROP COLUMN IF EXISTS event_image_url, DROP COLUMN IF EXISTS event_description,
        DROP COLUMN IF EXISTS event_name, DROP COLUMN IF EXISTS reason, DROP COLUMN IF EXISTS currency,
        DROP COLUMN IF EXISTS user_language, DROP COLUMN IF EXISTS user_name, DROP COLUMN IF EXISTS user_id`);
  }
}
