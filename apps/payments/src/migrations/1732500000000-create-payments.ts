import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The original `payments` and `transactions` tables. */
export class CreatePayments1732500000000 implements MigrationInterface {
  name = 'CreatePayments1732500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS payments (
        id UUID PRIMARY KEY,
        user_email TEXT NOT NULL,
        status TEXT NOT NULL,
        event_id TEXT NOT NULL,
        amount NUMERIC(12,2) NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
      )`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS transactions (
        id UUID PRIMARY KEY,
        status TEXT NOT NULL,
        payment_id UUID NOT NULL UNIQUE,
        reason TEXT,
        created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
        updated_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
        CONSTRAINT fk_payment FOREIGN KEY (payment_id) REFERENCES payments(id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS transactions`);
    await q.query(`DROP TABLE IF EXISTS payments`);
  }
}
