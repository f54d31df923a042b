import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Sql } from '@event-tickets/service-kit';
import { currentTraceHeaders } from '@event-tickets/telemetry';
import type { PaymentRow } from '../common/payment-status';
import type { RefundReason } from '@event-tickets/contracts';
import { type EmailKind, type RenderedEmail, renderPaymentEmail } from './payment-email.template';
import { refundEmailKind, renderRefundEmail } from './refund-email.template';

/** The refund an email is about (one email per refund). */
export interface RefundForEmail {
  id: string;
  reason: RefundReason;
  amount: number;
  quantity: number;
}

/**
 * Records a payment's email in the caller's transaction (the one that changed the payment's status),
 * so the email exists if and only if the change committed. One per payment and kind.
 */
@Injectable()
export class PaymentEmailsRepository {
  async record(sql: Sql, payment: PaymentRow, kind: EmailKind): Promise<void> {
    const email = renderPaymentEmail(kind, { name: payment.user_name, language: payment.user_language });
    await this.insert(sql, payment, kind, email, null);
  }

  /** The refund's email (REFUNDED or CANCELLED), once per refund. */
  async recordRefund(sql: Sql, payment: PaymentRow, refund: RefundForEmail): Promise<void> {
    const email = renderRefundEmail(
      refund.reason,
      { name: payment.user_name, language: payment.user_language },
      { amount: refund.amount, currency: payment.currency, quantity: refund.quantity },
    );
    await this.insert(sql, payment, refundEmailKind(refund.reason), email, refund.id);
  }

  private async insert(
    sql: Sql,
    payment: PaymentRow,
    kind: string,
    email: RenderedEmail,
    refundId: string | null,
  ): Promise<void> {
    const trace = currentTraceHeaders();
    // Approval and rejection: one per payment and kind; refund emails: one per refund.
    const conflict = refundId
      ? '(refund_id) WHERE refund_id IS NOT NULL'
      : '(payment_id, kind) WHERE refund_id IS NULL';
    await sql.query(
      `INSERT INTO emails (id, payment_id, kind, recipient, subject, html, text, traceparent, tracestate, refund_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT ${conflict} DO NOTHING`,
      [
        randomUUID(),
        payment.id,
        kind,
        payment.user_email,
        email.subject,
        email.html,
        email.text,
        trace.traceparent ?? null,
        trace.tracestate ?? null,
        refundId,
      ],
    );
  }
}
