import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The original `clients` table. Its emails are unique case-insensitively from KeepCaseDuplicateClients
 * on, which first sets aside the rows the original (case-sensitive) stored twice in different cases.
 */
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS clients`);
  }
}
