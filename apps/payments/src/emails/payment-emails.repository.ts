import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Sql } from '@event-tickets/service-kit';
import { currentTraceHeaders } from '@event-tickets/telemetry';
import type { PaymentRow } from '../common/payment-status';
import { type EmailKind, renderPaymentEmail } from './payment-email.template';

/**
 * Records a payment's email in the caller's transaction (the one that changed the payment's status),
 * so the email exists if and only if the change committed. One per payment and kind.
 */
@Injectable()
export class PaymentEmailsRepository {
  async record(sql: Sql, payment: PaymentRow, kind: EmailKind): Promise<void> {
    const email = renderPaymentEmail(kind, { name: payment.user_name, language: payment.user_language });
    const trace = currentTraceHeaders();
    await sql.query(
      `INSERT INTO emails (id, payment_id, kind, recipient, subject, html, text, traceparent, tracestate)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (payment_id, kind) DO NOTHING`,
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
      ],
    );
  }
}
