import { Injectable } from '@nestjs/common';
import { AppConfig, Database, type Sql } from '@event-tickets/service-kit';
import type { PaymentsEnv } from '../config/payments.env';
import { PAYMENT_COLUMNS, type PaymentRow } from './payment-status';

/** The buyer and event fields an outcome message carries (the original's messages carry them all). */
export interface SettleDetails {
  user_name?: string;
  user_language?: string;
  event_name?: string;
  event_description?: string;
  event_image_url?: string;
}

export interface NewPayment {
  id: string;
  userId: string;
  userEmail: string;
  userName: string;
  userLanguage: string;
  eventId: string;
  amount: number;
  currency: string;
  eventName: string;
  eventDescription: string;
  eventImageUrl: string;
  eventDate: string | null;
  /** When events releases the seat if nobody confirms it. */
  holdExpiresAt: Date;
  quantity: number;
  unitPrice: number;
  ticketTypeId: string | null;
  ticketTypeName: string | null;
  refundableUntil: Date | null;
}

/**
 * The `payments` table. Status changes are guarded (`WHERE status = 'PENDING'`): a payment leaves
 * PENDING once, so a replayed or late message can never flip FAILED to SUCCESS or back.
 */
@Injectable()
export class PaymentsRepository {
  private readonly timeoutSeconds: number;

  constructor(
    private readonly db: Database,
    config: AppConfig<PaymentsEnv>,
  ) {
    this.timeoutSeconds = config.env.PAYMENT_TIMEOUT_SECONDS;
  }

  /** A PENDING payment; its deadline is PAYMENT_TIMEOUT_SECONDS away, and never after its hold expires. */
  async insert(sql: Sql, p: NewPayment): Promise<void> {
    await sql.prepared(
      'payments_insert',
      `INSERT INTO payments (id, user_id, user_email, user_name, user_language, status, event_id, amount,
         currency, event_name, event_description, event_image_url, event_date, deadline_at,
         quantity, unit_price, ticket_type_id, ticket_type_name, refundable_until)
       VALUES ($1, $2, $3, $4, $5, 'PENDING', $6, $7, $8, $9, $10, $11, $12,
         LEAST(now() + make_interval(secs => $13), $14::timestamptz), $15, $16, $17, $18, $19)`,
      [
        p.id,
        p.userId,
        p.userEmail,
        p.userName,
        p.userLanguage,
        p.eventId,
        p.amount,
        p.currency,
        p.eventName,
        p.eventDescription,
        p.eventImageUrl,
        p.eventDate,
        this.timeoutSeconds,
        p.holdExpiresAt.toISOString(),
        p.quantity,
        p.unitPrice,
        p.ticketTypeId,
        p.ticketTypeName,
        p.refundableUntil?.toISOString() ?? null,
      ],
    );
  }

  /**
   * The payment's hold was extended: its deadline becomes PAYMENT_TIMEOUT_SECONDS after creation,
   * still never after the hold's new expiry, and never earlier than it was.
   */
  async holdExtended(id: string, holdExpiresAt: Date): Promise<void> {
    await this.db.prepared(
      'payments_hold_extended',
      `UPDATE payments SET deadline_at = LEAST(created_at + make_interval(secs => $2), $3::timestamptz)
       WHERE id = $1 AND status = 'PENDING'
         AND deadline_at < LEAST(created_at + make_interval(secs => $2), $3::timestamptz)`,
      [id, this.timeoutSeconds, holdExpiresAt.toISOString()],
    );
  }

  async find(id: string, sql: Sql = this.db): Promise<PaymentRow | undefined> {
    const [row] = await sql.prepared<PaymentRow>(
      'payments_find',
      `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE id = $1`,
      [id],
    );
    return row;
  }

  /** PENDING → SUCCESS | FAILED; undefined when the payment had already left PENDING (or is unknown). */
  /**
   * PENDING → `to`, once. A row the original stored has no buyer name, language or event details:
   * they are taken from the outcome message (`details`); a field the row has is never overwritten.
   */
  async settle(
    sql: Sql,
    id: string,
    to: 'SUCCESS' | 'FAILED',
    reason: string | null,
    details: SettleDetails = {},
  ): Promise<PaymentRow | undefined> {
    const [row] = await sql.prepared<PaymentRow>(
      'payments_settle',
      `UPDATE payments SET status = $2, reason = $3, updated_at = now(),
         user_name = CASE WHEN user_name = '' THEN $4 ELSE user_name END,
         user_language = CASE WHEN user_language = '' THEN $5 ELSE user_language END,
         event_name = CASE WHEN event_name = '' THEN $6 ELSE event_name END,
         event_description = CASE WHEN event_description = '' THEN $7 ELSE event_description END,
         event_image_url = CASE WHEN event_image_url = '' THEN $8 ELSE event_image_url END
       WHERE id = $1 AND status = 'PENDING'
       RETURNING ${PAYMENT_COLUMNS}`,
      [
        id,
        to,
        reason,
        details.user_name ?? '',
        details.user_language ?? '',
        details.event_name ?? '',
        details.event_description ?? '',
        details.event_image_url ?? '',
      ],
    );
    return row;
  }

  /** Overdue PENDING payments → FAILED "timeout", claimed so that replicas never take the same rows. */
  failOverdue(sql: Sql, limit: number): Promise<PaymentRow[]> {
    return sql.query<PaymentRow>(
      `UPDATE payments SET status = 'FAILED', reason = 'timeout', updated_at = now()
       WHERE id IN (
         SELECT id FROM payments WHERE status = 'PENDING' AND deadline_at <= now()
         ORDER BY deadline_at LIMIT $1 FOR NO KEY UPDATE SKIP LOCKED
       ) AND status = 'PENDING'
       RETURNING ${PAYMENT_COLUMNS}`,
      [limit],
    );
  }
}
