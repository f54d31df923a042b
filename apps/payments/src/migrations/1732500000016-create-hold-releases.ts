import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Seat holds payments may have left on events and must give back. A row is written before the hold
 * is asked for and deleted in the transaction that stores the payment; any other ending leaves it to
 * the release worker, which deletes it once events confirms the release.
 */
export class CreateHoldReleases1732500000016 implements MigrationInterface {
  name = 'CreateHoldReleases1732500000016';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS hold_releases (
        payment_id UUID PRIMARY KEY,
        event_id TEXT NOT NULL,
        attempts INT NOT NULL DEFAULT 0,
        next_attempt_at TIMESTAMPTZ NOT NULL,
        last_error TEXT,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS hold_releases_due_idx ON hold_releases (next_attempt_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS hold_releases`);
  }
}
