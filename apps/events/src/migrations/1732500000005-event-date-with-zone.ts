import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The original created `event_date` as TIMESTAMP without time zone. Its driver (lib/pq) read such a
 * value as UTC, so the instant every client of the original saw is the stored wall time read as UTC:
 * the conversion keeps exactly that instant. A table created by CreateEvents is already timestamptz
 * and is left alone, so the migration is a no-op there.
 */
export class EventDateWithZone1732500000005 implements MigrationInterface {
  name = 'EventDateWithZone1732500000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF (SELECT data_type FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = 'events' AND column_name = 'event_date')
           = 'timestamp without time zone' THEN
          ALTER TABLE events ALTER COLUMN event_date TYPE TIMESTAMPTZ USING event_date AT TIME ZONE 'UTC';
        END IF;
      END $$`);
  }

  async down(): Promise<void> {
    // timestamptz is the column's type in every database after this; nothing to revert.
  }
}
