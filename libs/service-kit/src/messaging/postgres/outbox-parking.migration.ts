import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Parked outbox messages: Kafka refused them alone for a reason sending again cannot cure (too large,
 * invalid). The relay skips them and the cleanup keeps them until an operator re-queues or deletes
 * them. Every PostgreSQL app includes this migration after CreateMessagingTables.
 */
export class AddOutboxParking1732400000020 implements MigrationInterface {
  name = 'AddOutboxParking1732400000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE outbox_messages ADD COLUMN IF NOT EXISTS parked_at TIMESTAMPTZ, ADD COLUMN IF NOT EXISTS park_reason TEXT`,
    );
    await q.query(
      `CREATE INDEX IF NOT EXISTS outbox_parked_idx ON outbox_messages (parked_at) WHERE parked_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS outbox_parked_idx`);
    await q.query(
      `ALTER TABLE outbox_messages DROP COLUMN IF EXISTS parked_at, DROP COLUMN IF EXISTS park_reason`,
    );
  }
}
