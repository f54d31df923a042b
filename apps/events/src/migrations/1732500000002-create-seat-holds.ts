import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per payment (the idempotency key of every seat operation): HELD until confirmed (SOLD),
 * released by the payment's failure or by expiry (RELEASED). Released rows stay so that a repeated
 * call is answered the same way; they go with their event.
 */
export class CreateSeatHolds1732500000002 implements MigrationInterface {
  name = 'CreateSeatHolds1732500000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS seat_holds (
        payment_id TEXT PRIMARY KEY,
        event_id INT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('HELD', 'SOLD', 'RELEASED')),
        expires_at TIMESTAMPTZ NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS seat_holds_expiry_idx ON seat_holds (expires_at) WHERE status = 'HELD'`,
    );
    await q.query(`CREATE INDEX IF NOT EXISTS seat_holds_event_idx ON seat_holds (event_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS seat_holds`);
  }
}
