import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox (messages committed with the state change that caused them) and the inbox (message ids a
 * consumer group has processed, committed with the effect). Every PostgreSQL app includes this migration.
 */
export class CreateMessagingTables1732400000000 implements MigrationInterface {
  name = 'CreateMessagingTables1732400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS outbox_messages (
        id UUID PRIMARY KEY,
        seq BIGSERIAL NOT NULL,
        topic TEXT NOT NULL,
        key TEXT,
        type TEXT NOT NULL,
        version INT NOT NULL,
        payload JSONB NOT NULL,
        headers JSONB NOT NULL DEFAULT '{}'::jsonb,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        available_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        published_at TIMESTAMPTZ,
        attempts INT NOT NULL DEFAULT 0,
        last_error TEXT
      )`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS outbox_pending_idx ON outbox_messages (seq) WHERE published_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX IF NOT EXISTS outbox_pending_key_idx ON outbox_messages (key, seq) WHERE published_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX IF NOT EXISTS outbox_published_idx ON outbox_messages (published_at) WHERE published_at IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE IF NOT EXISTS inbox_messages (
        consumer_group TEXT NOT NULL,
        message_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, message_id)
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS inbox_processed_at_idx ON inbox_messages (processed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS inbox_messages`);
    await q.query(`DROP TABLE IF EXISTS outbox_messages`);
  }
}
