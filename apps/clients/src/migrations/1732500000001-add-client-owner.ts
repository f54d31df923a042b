import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The account a client belongs to: `user_id` of the latest purchase through our payments for this
 * email, and `owned_since`, when that purchase was paid (a late message about an older purchase does
 * not take the client back). Rows from before (the original's, or created by an admin) have none and
 * are readable by admins only.
 */
export class AddClientOwner1732500000001 implements MigrationInterface {
  name = 'AddClientOwner1732500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE clients
        ADD COLUMN IF NOT EXISTS user_id TEXT,
        ADD COLUMN IF NOT EXISTS owned_since TIMESTAMPTZ`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE clients DROP COLUMN IF EXISTS owned_since, DROP COLUMN IF EXISTS user_id`);
  }
}
