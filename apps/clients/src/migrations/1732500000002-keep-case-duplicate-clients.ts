import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Emails are unique case-insensitively here; the original compared them exactly, so its table can
 * hold `Ana@x.com` and `ana@x.com` as two clients. Both rows stay: the oldest of each group is the
 * client of that email, the others point to it with `duplicate_of` and are left out of the
 * uniqueness. A lookup by email still finds the row of exactly that spelling first, as the original
 * did. Where the index already existed (no such rows) it is rebuilt with the same effect.
 */
export class KeepCaseDuplicateClients1732500000002 implements MigrationInterface {
  name = 'KeepCaseDuplicateClients1732500000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE clients ADD COLUMN IF NOT EXISTS duplicate_of INT REFERENCES clients (id)`);
    await q.query(`
      UPDATE clients c SET duplicate_of = k.keep
        FROM (SELECT id, min(id) OVER (PARTITION BY lower(email)) AS keep FROM clients) k
       WHERE k.id = c.id AND k.keep <> c.id AND c.duplicate_of IS NULL`);
    await q.query(`DROP INDEX IF EXISTS clients_email_lower_key`);
    await q.query(
      `CREATE UNIQUE INDEX clients_email_lower_key ON clients (lower(email)) WHERE duplicate_of IS NULL`,
    );
  }

  /** Back to the index over every row, as before: refused while rows differ only in case. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS clients_email_lower_key`);
    await q.query(`ALTER TABLE clients DROP COLUMN IF EXISTS duplicate_of`);
    await q.query(`CREATE UNIQUE INDEX clients_email_lower_key ON clients (lower(email))`);
  }
}
