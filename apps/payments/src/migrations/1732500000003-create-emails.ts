import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payment emails, recorded in the transaction of the status change and sent by the mail worker
 * (retried with backoff until the SMTP server accepts). One per payment and kind: sent once. The
 * trace context it was recorded in lets the later send join the purchase's trace.
 */
export class CreateEmails1732500000003 implements MigrationInterface {
  name = 'CreateEmails1732500000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS emails (
        id UUID PRIMARY KEY,
        payment_id UUID NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('APPROVED', 'REJECTED')),
        recipient TEXT NOT NULL,
        subject TEXT NOT NULL,
        html TEXT NOT NULL,
        text TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT')),
        attempts INT NOT NULL DEFAULT 0,
        last_error TEXT,
        next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        sent_at TIMESTAMPTZ,
        traceparent TEXT,
        tracestate TEXT,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        UNIQUE (payment_id, kind)
      )`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS emails_due_idx ON emails (next_attempt_at) WHERE status = 'PENDING'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS emails`);
  }
}
