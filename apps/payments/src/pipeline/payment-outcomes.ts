import { Injectable } from '@nestjs/common';
import { Payments } from '@event-tickets/contracts';
import { outgoing, type Transaction } from '@event-tickets/service-kit';
import type { PaymentRow } from '../common/payment-status';
import { paymentsMetrics } from '../common/payments.metrics';
import { PaymentEmailsRepository } from '../emails/payment-emails.repository';

/**
 * The order fields of PAYMENT_SUCCEEDED, for an order only (a purchase with `quantity` or
 * `ticket_type_id`): the original's purchase sends the original's message, one seat of the default type.
 */
export function orderFields(payment: PaymentRow) {
  if (payment.ticket_type_id === null && payment.quantity === 1) return {};
  return {
    quantity: payment.quantity,
    ...(payment.ticket_type_id !== null ? { ticket_type_id: payment.ticket_type_id } : {}),
    ...(payment.ticket_type_name !== null ? { ticket_type_name: payment.ticket_type_name } : {}),
    ...(payment.unit_price !== null ? { unit_price: Number(payment.unit_price) } : {}),
  };
}

/**
 * What a settled payment causes, in the transaction that settled it: the outcome message (events
 * confirms or releases the hold on it) and the email. All of it is taken from the payment row.
 */
@Injectable()
export class PaymentOutcomes {
  constructor(private readonly emails: PaymentEmailsRepository) {}

  async succeeded(tx: Transaction, payment: PaymentRow): Promise<void> {
    await tx.publish(
      outgoing(
        Payments.PaymentSucceededV1,
        {
          user_name: payment.user_name,
          user_email: payment.user_email,
          event_id: payment.event_id,
          event_name: payment.event_name,
          event_description: payment.event_description,
          event_image_url: payment.event_image_url,
          user_language: payment.user_language,
          payment_id: payment.id,
          amount: Number(payment.amount),
          currency: payment.currency,
          event_date: payment.event_date?.toISOString(),
          // The buying account owns the ticket and the client record downstream.
          ...(payment.user_id ? { user_id: payment.user_id } : {}),
          ...orderFields(payment),
        },
        { key: payment.id, correlationId: payment.id },
      ),
    );
    await this.emails.record(tx, payment, 'APPROVED');
    paymentsMetrics.payments.inc({ status: 'SUCCESS' });
  }

  async failed(tx: Transaction, payment: PaymentRow): Promise<void> {
    await tx.publish(
      outgoing(
        Payments.PaymentFailedV1,
        {
          payment_id: payment.id,
          event_id: payment.event_id,
          user_email: payment.user_email,
          reason: payment.reason ?? '',
        },
        { key: payment.id, correlationId: payment.id },
      ),
    );
    await this.emails.record(tx, payment, 'REJECTED');
    paymentsMetrics.payments.inc({ status: 'FAILED' });
  }
}
