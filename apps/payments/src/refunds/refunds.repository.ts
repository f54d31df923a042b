import { Injectable } from '@nestjs/common';
import type { RefundReason } from '@event-tickets/contracts';
import { Database, type Sql } from '@event-tickets/service-kit';
import { PAYMENT_COLUMNS, type PaymentRow } from '../common/payment-status';
import { REFUND_COLUMNS, type RefundablePayment, type RefundRow, refundedStatus } from './refund';

export interface NewRefund {
  id: string;
  paymentId: string;
  reason: RefundReason;
  requestedBy: string | null;
  passports: string[] | null;
  /** VOIDED at once (nothing to void: the order never had tickets), with its quantity and amount. */
  voided?: { quantity: number; amount: number };
  /** When the worker may first take it (a live request gets time to finish it itself). */
  dueInMs: number;
}

/** Advisory lock class of "settles and cancellations of one event" (the second key: the event id's hash). */
const EVENT_LOCK_CLASS = 1901;

/** The `refunds`, `cancelled_events` and refund columns of `payments`. */
@Injectable()
export class RefundsRepository {
  constructor(private readonly db: Database) {}

  /** The payment, locked for the rest of the transaction. */
  async lockPayment(sql: Sql, id: string): Promise<RefundablePayment | undefined> {
    const [row] = await sql.query<RefundablePayment>(
      `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row;
  }

  /** The payment with its refund columns, unlocked (reads). */
  async findPayment(id: string): Promise<RefundablePayment | undefined> {
    const [row] = await this.db.query<RefundablePayment>(
      `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE id = $1`,
      [id],
    );
    return row;
  }

  /** Throws a unique violation when another refund of the payment is in progress. */
  async insert(sql: Sql, r: NewRefund): Promise<RefundRow> {
    const [row] = await sql.query<RefundRow>(
      `INSERT INTO refunds (id, payment_id, reason, requested_by, passports, status, quantity, amount,
         next_attempt_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, now() + make_interval(secs => $9::float8 / 1000))
       RETURNING ${REFUND_COLUMNS}`,
      [
        r.id,
        r.paymentId,
        r.reason,
        r.requestedBy,
        r.passports ? JSON.stringify(r.passports) : null,
        r.voided ? 'VOIDED' : 'REQUESTED',
        r.voided?.quantity ?? 0,
        r.voided?.amount ?? 0,
        r.dueInMs,
      ],
    );
    return row!;
  }

  async find(id: string, sql: Sql = this.db): Promise<RefundRow | undefined> {
    const [row] = await sql.query<RefundRow>(`SELECT ${REFUND_COLUMNS} FROM refunds WHERE id = $1`, [id]);
    return row;
  }

  async paymentStatus(paymentId: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ status: string }>(`SELECT status FROM payments WHERE id = $1`, [
      paymentId,
    ]);
    return row?.status;
  }

  listByPayment(paymentId: string): Promise<RefundRow[]> {
    return this.db.query<RefundRow>(
      `SELECT ${REFUND_COLUMNS} FROM refunds WHERE payment_id = $1 ORDER BY created_at, id`,
      [paymentId],
    );
  }

  /** REQUESTED → VOIDED with what tickets voided; false when it had left REQUESTED already. */
  async voided(sql: Sql, id: string, v: { quantity: number; amount: number; passports: string[] }) {
    const n = await sql.execute(
      `UPDATE refunds SET status = 'VOIDED', quantity = $2, amount = $3, voided_passports = $4::jsonb,
         updated_at = now() WHERE id = $1 AND status = 'REQUESTED'`,
      [id, v.quantity, v.amount, JSON.stringify(v.passports)],
    );
    return n === 1;
  }

  async rejected(sql: Sql, id: string, code: string): Promise<boolean> {
    const n = await sql.execute(
      `UPDATE refunds SET status = 'REJECTED', rejected_code = $2, updated_at = now()
       WHERE id = $1 AND status = 'REQUESTED'`,
      [id, code],
    );
    return n === 1;
  }

  /** VOIDED → COMPLETED; undefined when another run completed it first. */
  async completed(sql: Sql, id: string, gatewayRefundId: string): Promise<RefundRow | undefined> {
    const [row] = await sql.query<RefundRow>(
      `UPDATE refunds SET status = 'COMPLETED', gateway_refund_id = $2, updated_at = now()
       WHERE id = $1 AND status = 'VOIDED' RETURNING ${REFUND_COLUMNS}`,
      [id, gatewayRefundId],
    );
    return row;
  }

  /** Adds a completed refund to its (locked) payment: REFUNDED once every seat is, else PARTIALLY_REFUNDED. */
  async applyToPayment(sql: Sql, payment: RefundablePayment, quantity: number, amount: number) {
    const refunded = payment.refunded_quantity + quantity;
    const status = refundedStatus(payment.quantity, refunded);
    const [row] = await sql.query<RefundablePayment>(
      `UPDATE payments SET refunded_quantity = $2, refunded_amount = refunded_amount + $3, status = $4,
         updated_at = now() WHERE id = $1
       RETURNING ${PAYMENT_COLUMNS}`,
      [payment.id, refunded, amount, status],
    );
    return row!;
  }

  /** A payment that failed (timeout) succeeds after all: its late charge got its seat. */
  async revive(sql: Sql, id: string): Promise<PaymentRow | undefined> {
    const [row] = await sql.query<PaymentRow>(
      `UPDATE payments SET status = 'SUCCESS', reason = NULL, updated_at = now()
       WHERE id = $1 AND status = 'FAILED' RETURNING ${PAYMENT_COLUMNS}`,
      [id],
    );
    return row;
  }

  /** Settles take it shared, a cancellation exclusive: no settle of the event slips past a cancellation. */
  async lockEvent(sql: Sql, eventId: string, mode: 'shared' | 'exclusive'): Promise<void> {
    const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
    await sql.query(`SELECT ${fn}($1::int, hashtext($2))`, [EVENT_LOCK_CLASS, eventId]);
  }

  async isEventCancelled(sql: Sql, eventId: string): Promise<boolean> {
    const rows = await sql.query(`SELECT 1 FROM cancelled_events WHERE event_id = $1`, [eventId]);
    return rows.length > 0;
  }

  async recordCancellation(sql: Sql, eventId: string, cancelledAt: Date): Promise<void> {
    await sql.execute(
      `INSERT INTO cancelled_events (event_id, cancelled_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [eventId, cancelledAt.toISOString()],
    );
  }

  /**
   * A whole-order refund (reason event_cancelled) for every paid order of the event, or of one payment.
   * An order already refunded for the cancellation, or with another refund in progress (it is
   * followed up when that one ends), is skipped.
   */
  insertCancellationRefunds(sql: Sql, eventId: string, paymentId?: string): Promise<number> {
    return sql.execute(
      `INSERT INTO refunds (id, payment_id, reason, status)
       SELECT gen_random_uuid(), id, 'event_cancelled', 'REQUESTED' FROM payments
       WHERE event_id = $1 AND status IN ('SUCCESS', 'PARTIALLY_REFUNDED') AND ($2::uuid IS NULL OR id = $2)
       ON CONFLICT DO NOTHING`,
      [eventId, paymentId ?? null],
    );
  }

  /** Due unfinished refunds, each leased for `leaseMs` (replicas share them) and counted as an attempt. */
  claimDue(limit: number, leaseMs: number): Promise<RefundRow[]> {
    return this.db.query<RefundRow>(
      `UPDATE refunds SET attempts = attempts + 1,
         next_attempt_at = now() + make_interval(secs => $2::float8 / 1000)
       WHERE id IN (
         SELECT id FROM refunds WHERE status IN ('REQUESTED', 'VOIDED') AND next_attempt_at <= now()
         ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
       ) RETURNING ${REFUND_COLUMNS}`,
      [limit, leaseMs],
    );
  }

  async retryLater(id: string, delayMs: number, error: string): Promise<void> {
    await this.db.execute(
      `UPDATE refunds SET next_attempt_at = now() + make_interval(secs => $2::float8 / 1000),
         last_error = $3 WHERE id = $1`,
      [id, delayMs, error.slice(0, 500)],
    );
  }
}
