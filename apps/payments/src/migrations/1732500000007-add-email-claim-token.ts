import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The mail worker's claim token: set with each lease, checked when the outcome is recorded, so a
 * worker whose lease ran out cannot record over another worker's attempt. NULL when unclaimed.
 */
export class AddEmailClaimToken1732500000007 implements MigrationInterface {
  name = 'AddEmailClaimToken1732500000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE emails ADD COLUMN IF NOT EXISTS claim_token UUID`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE emails DROP COLUMN IF EXISTS claim_token`);
  }
}
