import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalogue's row count, kept by statement triggers, so that a page of `GET /events` does not
 * count the whole table (the original ran `SELECT COUNT(*)` per request: O(rows) for every read).
 */
export class CountEvents1732500000003 implements MigrationInterface {
  name = 'CountEvents1732500000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS events_count (
        id BOOLEAN PRIMARY KEY DEFAULT true CHECK (id),
        total BIGINT NOT NULL
      )`);
    await q.query(`INSERT INTO events_count (total) SELECT count(*) FROM events ON CONFLICT (id) DO NOTHING`);
    await q.query(`
      CREATE OR REPLACE FUNCTION events_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE events_count SET total = total + (SELECT count(*) FROM changed_rows);
        ELSIF TG_OP = 'DELETE' THEN
          UPDATE events_count SET total = total - (SELECT count(*) FROM changed_rows);
        ELSE
          UPDATE events_count SET total = 0;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER events_count_insert AFTER INSERT ON events
      REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION events_count_change()`);
    await q.query(`
      CREATE TRIGGER events_count_delete AFTER DELETE ON events
      REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION events_count_change()`);
    await q.query(`
      CREATE TRIGGER events_count_truncate AFTER TRUNCATE ON events
      FOR EACH STATEMENT EXECUTE FUNCTION events_count_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS events_count_truncate ON events`);
    await q.query(`DROP TRIGGER IF EXISTS events_count_delete ON events`);
    await q.query(`DROP TRIGGER IF EXISTS events_count_insert ON events`);
    await q.query(`DROP FUNCTION IF EXISTS events_count_change()`);
    await q.query(`DROP TABLE IF EXISTS events_count`);
  }
}
