import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The original `events` table, with `event_date` as timestamptz (keeps the offset). */
export class CreateEvents1732500000000 implements MigrationInterface {
  name = 'CreateEvents1732500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS events (
        id SERIAL PRIMARY KEY,
        name VARCHAR(255) NOT NULL,
        description TEXT,
        image_url TEXT,
        price NUMERIC(10,2) NOT NULL,
        currency VARCHAR(10) NOT NULL,
        event_date TIMESTAMPTZ,
        created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS events_created_at_idx ON events (created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS events`);
  }
}
