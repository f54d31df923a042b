import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refunds: what each payment has given back (`refunded_quantity`, `refunded_amount`), the states
 * REFUNDED / PARTIALLY_REFUNDED, one `refunds` row per refund (the durable record the worker resumes),
 * the cancelled events (settles of a cancelled event's payments refund instead of selling), and one
 * email per refund (`emails.refund_id`; approval and rejection stay one per payment and kind).
 */
export class CreateRefunds1732500000021 implements MigrationInterface {
  name = 'CreateRefunds1732500000021';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE payments
        ADD COLUMN IF NOT EXISTS refunded_quantity INT NOT NULL DEFAULT 0,
        ADD COLUMN IF NOT EXISTS refunded_amount NUMERIC(12,2) NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE payments DROP CONSTRAINT IF EXISTS payments_status_check`);
    await q.query(`ALTER TABLE payments ADD CONSTRAINT payments_status_check
      CHECK (status IN ('PENDING', 'SUCCESS', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED'))`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS refunds (
        id UUID PRIMARY KEY,
        payment_id UUID NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
        reason TEXT NOT NULL CHECK (reason IN ('buyer', 'admin', 'event_cancelled', 'no_seat')),
        requested_by TEXT,
        passports JSONB,
        voided_passports JSONB,
        quantity INT NOT NULL DEFAULT 0,
        amount NUMERIC(12,2) NOT NULL DEFAULT 0,
        status TEXT NOT NULL CHECK (status IN ('REQUESTED', 'VOIDED', 'COMPLETED', 'REJECTED')),
        rejected_code TEXT,
        gateway_refund_id TEXT,
        attempts INT NOT NULL DEFAULT 0,
        next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        last_error TEXT,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
    // One refund of an order in progress at a time: two at once → one wins, the other 409.
    await q.query(`CREATE UNIQUE INDEX IF NOT EXISTS refunds_one_in_progress_idx ON refunds (payment_id)
      WHERE status IN ('REQUESTED', 'VOIDED')`);
    // A cancellation refunds an order once, however often the message is redelivered.
    await q.query(`CREATE UNIQUE INDEX IF NOT EXISTS refunds_one_cancellation_idx ON refunds (payment_id)
      WHERE reason = 'event_cancelled'`);
    await q.query(`CREATE INDEX IF NOT EXISTS refunds_due_idx ON refunds (next_attempt_at)
      WHERE status IN ('REQUESTED', 'VOIDED')`);
    await q.query(`CREATE INDEX IF NOT EXISTS refunds_payment_idx ON refunds (payment_id, created_at)`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS cancelled_events (
        event_id TEXT PRIMARY KEY,
        cancelled_at TIMESTAMPTZ NOT NULL
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS payments_event_status_idx ON payments (event_id, status)`);
    await q.query(`ALTER TABLE emails ADD COLUMN IF NOT EXISTS refund_id UUID`);
    await q.query(`ALTER TABLE emails DROP CONSTRAINT IF EXISTS emails_kind_check`);
    await q.query(`ALTER TABLE emails ADD CONSTRAINT emails_kind_check
      CHECK (kind IN ('APPROVED', 'REJECTED', 'REFUNDED', 'CANCELLED'))`);
    await q.query(`ALTER TABLE emails DROP CONSTRAINT IF EXISTS emails_payment_id_kind_key`);
    await q.query(`CREATE UNIQUE INDEX IF NOT EXISTS emails_payment_kind_idx ON emails (payment_id, kind)
      WHERE refund_id IS NULL`);
    await q.query(`CREATE UNIQUE INDEX IF NOT EXISTS emails_refund_idx ON emails (refund_id)
      WHERE refund_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM emails WHERE refund_id IS NOT NULL`);
    await q.query(`DROP INDEX IF EXISTS emails_refund_idx`);
    await q.query(`DROP INDEX IF EXISTS emails_payment_kind_idx`);
    await q.query(`ALTER TABLE emails ADD CONSTRAINT emails_payment_id_kind_key UNIQUE (payment_id, kind)`);
    await q.query(`ALTER TABLE emails DROP CONSTRAINT IF EXISTS emails_kind_check`);
    await q.query(
      `ALTER TABLE emails ADD CONSTRAINT emails_kind_check CHECK (kind IN ('APPROVED', 'REJECTED'))`,
    );
    await q.query(`ALTER TABLE emails DROP COLUMN IF EXISTS refund_id`);
    await q.query(`DROP INDEX IF EXISTS payments_event_status_idx`);
    await q.query(`DROP TABLE IF EXISTS cancelled_events`);
    await q.query(`DROP TABLE IF EXISTS refunds`);
    await q.query(`ALTER TABLE payments DROP CONSTRAINT IF EXISTS payments_status_check`);
    await q.query(`ALTER TABLE payments ADD CONSTRAINT payments_status_check
      CHECK (status IN ('PENDING', 'SUCCESS', 'FAILED'))`);
    await q.query(
      `ALTER TABLE payments DROP COLUMN IF EXISTS refunded_amount, DROP COLUMN IF EXISTS refunded_quantity`,
    );
  }
}
