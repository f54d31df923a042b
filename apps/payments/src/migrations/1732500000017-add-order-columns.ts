import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Orders of several seats of one ticket type: how many, which type (NULL: a purchase without order
 * fields, the event's default type), the price of one seat (`amount` = unit_price × quantity; NULL on
 * rows stored before, which are one seat), and until when the buyer may refund (NULL: no cutoff).
 * Every existing row is one seat, which the defaults say.
 */
export class AddOrderColumns1732500000017 implements MigrationInterface {
  name = 'AddOrderColumns1732500000017';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE payments
        ADD COLUMN IF NOT EXISTS quantity INT NOT NULL DEFAULT 1,
        ADD COLUMN IF NOT EXISTS ticket_type_id TEXT,
        ADD COLUMN IF NOT EXISTS ticket_type_name TEXT,
        ADD COLUMN IF NOT EXISTS unit_price NUMERIC(12,2),
        ADD COLUMN IF NOT EXISTS refundable_until TIMESTAMPTZ`);
    await q.query(`
      DO $$ BEGIN
        ALTER TABLE payments ADD CONSTRAINT payments_quantity_check CHECK (quantity >= 1);
      EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payments DROP CONSTRAINT IF EXISTS payments_quantity_check`);
    await q.query(`
      ALTER TABLE payments
        DROP COLUMN IF EXISTS refundable_until, DROP COLUMN IF EXISTS unit_price,
        DROP COLUMN IF EXISTS ticket_type_name, DROP COLUMN IF EXISTS ticket_type_id,
        DROP COLUMN IF EXISTS quantity`);
  }
}
