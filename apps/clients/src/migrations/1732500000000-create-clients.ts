import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The original `clients` table; emails are unique case-insensitively. */
export class CreateClients1732500000000 implements MigrationInterface {
  name = 'CreateClients1732500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS clients (
        id SERIAL PRIMARY KEY,
        name TEXT NOT NULL,
        email TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
        CONSTRAINT clients_email_key UNIQUE (email)
      )`);
    await q.query(`CREATE UNIQUE INDEX IF NOT EXISTS clients_email_lower_key ON clients (lower(email))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS clients`);
  }
}
