import { Injectable } from '@nestjs/common';
import type { Sql } from '@event-tickets/service-kit';

export interface TransactionRow {
  id: string;
  status: 'PENDING' | 'SUCCESS' | 'FAILED';
  payment_id: string;
  reason: string | null;
}

/**
 * The original's `transactions` table: one per payment (UNIQUE payment_id), PENDING with reason "-"
 * until the gateway answers; the change out of PENDING is guarded like the payment's.
 */
@Injectable()
export class TransactionsRepository {
  /** Creates the payment's transaction; false when it already has one. */
  async create(sql: Sql, id: string, paymentId: string): Promise<boolean> {
    const rows = await sql.prepared(
      'transactions_create',
      `INSERT INTO transactions (id, status, payment_id, reason) VALUES ($1, 'PENDING', $2, '-')
       ON CONFLICT (payment_id) DO NOTHING RETURNING id`,
      [id, paymentId],
    );
    return rows.length > 0;
  }

  /** Locks the transaction until the caller commits: one gateway call at a time per transaction. */
  async lock(sql: Sql, id: string): Promise<TransactionRow | undefined> {
    const [row] = await sql.prepared<TransactionRow>(
      'transactions_lock',
      `SELECT id, status, payment_id, reason FROM transactions WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row;
  }

  async findByPayment(sql: Sql, paymentId: string): Promise<TransactionRow | undefined> {
    const [row] = await sql.prepared<TransactionRow>(
      'transactions_by_payment',
      `SELECT id, status, payment_id, reason FROM transactions WHERE payment_id = $1`,
      [paymentId],
    );
    return row;
  }

  /** PENDING → SUCCESS | FAILED (a success keeps the original's "-"); false when already settled. */
  async settle(sql: Sql, id: string, to: 'SUCCESS' | 'FAILED', reason: string | null): Promise<boolean> {
    const affected = await sql.execute(
      `UPDATE transactions SET status = $2, reason = COALESCE($3, reason), updated_at = now()
       WHERE id = $1 AND status = 'PENDING'`,
      [id, to, reason],
    );
    return affected > 0;
  }

  /**
   * The PENDING transactions of payments that timed out fail with them. One held by a gateway call in
   * progress is skipped (never waited for): its answer finds the payment FAILED and changes nothing.
   */
  async failPendingOf(sql: Sql, paymentIds: string[], reason: string): Promise<void> {
    await sql.execute(
      `UPDATE transactions SET status = 'FAILED', reason = $2, updated_at = now()
       WHERE id IN (
         SELECT id FROM transactions WHERE payment_id = ANY($1) AND status = 'PENDING'
         FOR UPDATE SKIP LOCKED
       )`,
      [paymentIds, reason],
    );
  }
}
