import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Capacity (NULL = unlimited, as in the original) and the seat counters a hold or a sale changes in
 * one conditional UPDATE. The CHECK is the last line of defence: holds + sales never exceed capacity.
 */
export class AddEventCapacity1732500000001 implements MigrationInterface {
  name = 'AddEventCapacity1732500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE events
        ADD COLUMN IF NOT EXISTS capacity INT,
        ADD COLUMN IF NOT EXISTS sold INT NOT NULL DEFAULT 0,
        ADD COLUMN IF NOT EXISTS held INT NOT NULL DEFAULT 0`);
    await q.query(`
      ALTER TABLE events
        ADD CONSTRAINT events_capacity_positive CHECK (capacity IS NULL OR capacity >= 1),
        ADD CONSTRAINT events_counters_non_negative CHECK (sold >= 0 AND held >= 0),
        ADD CONSTRAINT events_not_oversold CHECK (capacity IS NULL OR sold + held <= capacity)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE events
        DROP CONSTRAINT IF EXISTS events_not_oversold,
        DROP CONSTRAINT IF EXISTS events_counters_non_negative,
        DROP CONSTRAINT IF EXISTS events_capacity_positive,
        DROP COLUMN IF EXISTS held,
        DROP COLUMN IF EXISTS sold,
        DROP COLUMN IF EXISTS capacity`);
  }
}
