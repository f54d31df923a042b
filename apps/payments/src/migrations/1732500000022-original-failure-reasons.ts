import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The original kept why a payment failed only on its transaction; GET /payments/:id reads it from
 * the payment. Failed payments stored by the original (no reason of their own) take their
 * transaction's. Nothing else changes: the transactions keep their reason, and a payment that already
 * has one keeps it.
 */
export class OriginalFailureReasons1732500000022 implements MigrationInterface {
  name = 'OriginalFailureReasons1732500000022';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE payments p SET reason = t.reason
        FROM transactions t
       WHERE t.payment_id = p.id AND p.status = 'FAILED' AND p.reason IS NULL
         AND t.status = 'FAILED' AND t.reason IS NOT NULL AND t.reason <> '-'`);
  }

  async down(): Promise<void> {
    // The reasons copied are the transactions' own: keeping them loses nothing.
  }
}
