import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '@event-tickets/service-kit';
import type { PaymentsEnv } from '../config/payments.env';
import { PAYMENT_COLUMNS, type PaymentRow } from './payment-status';

type Db = DataSource | EntityManager;

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
}

/**
 * The `payments` table. Status changes are guarded (`WHERE status = 'PENDING'`): a payment leaves
 * PENDING once, so a replayed or late message can never flip FAILED to SUCCESS or back.
 */
@Injectable()
export class PaymentsRepository {
  private readonly timeoutSeconds: number;

  constructor(
    private readonly db: DataSource,
    config: AppConfig<PaymentsEnv>,
  ) {
    this.timeoutSeconds = config.env.PAYMENT_TIMEOUT_SECONDS;
  }

  /** A PENDING payment; its deadline is PAYMENT_TIMEOUT_SECONDS away, and never after its hold expires. */
  async insert(manager: EntityManager, p: NewPayment): Promise<void> {
    await manager.query(
      `INSERT INTO payments (id, user_id, user_email, user_name, user_language, status, event_id, amount,
         currency, event_name, event_description, event_image_url, event_date, deadline_at)
       VALUES ($1, $2, $3, $4, $5, 'PENDING', $6, $7, $8, $9, $10, $11, $12,
         LEAST(now() + make_interval(secs => $13), $14::timestamptz))`,
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
      ],
    );
  }

  async find(id: string, db: Db = this.db): Promise<PaymentRow | undefined> {
    const [row] = (await db.query(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE id = $1`, [
      id,
    ])) as PaymentRow[];
    return row;
  }

  /** PENDING → SUCCESS | FAILED; undefined when the payment had already left PENDING (or is unknown). */
  async settle(
    manager: EntityManager,
    id: string,
    to: 'SUCCESS' | 'FAILED',
    reason: string | null,
  ): Promise<PaymentRow | undefined> {
    const [rows] = (await manager.query(
      `UPDATE payments SET status = $2, reason = $3, updated_at = now()
       WHERE id = $1 AND status = 'PENDING'
       RETURNING ${PAYMENT_COLUMNS}`,
      [id, to, reason],
    )) as [PaymentRow[], number];
    return rows[0];
  }

  /** Overdue PENDING payments → FAILED "timeout", claimed so that replicas never take the same rows. */
  async failOverdue(manager: EntityManager, limit: number): Promise<PaymentRow[]> {
    const [rows] = (await manager.query(
      `UPDATE payments SET status = 'FAILED', reason = 'timeout', updated_at = now()
       WHERE id IN (
         SELECT id FROM payments WHERE status = 'PENDING' AND deadline_at <= now()
         ORDER BY deadline_at LIMIT $1 FOR NO KEY UPDATE SKIP LOCKED
       ) AND status = 'PENDING'
       RETURNING ${PAYMENT_COLUMNS}`,
      [limit],
    )) as [PaymentRow[], number];
    return rows;
  }
}
