import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@event-tickets/service-kit';
import { PaymentsRepository } from '../common/payments.repository';
import { mayReadPayment } from './payment-access';
import type { PaymentResponse } from './payment.requests';
import { purchasesError } from './purchases.errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** GET /payments/:id — 400 malformed id, 404 unknown, 403 not the buying account's (see mayReadPayment). */
@Injectable()
export class GetPaymentQuery {
  constructor(private readonly payments: PaymentsRepository) {}

  async execute(id: string, caller: AuthUser): Promise<PaymentResponse> {
    if (!UUID.test(id)) throw purchasesError('INVALID_PAYMENT_ID', 'the payment id must be a UUID');
    const payment = await this.payments.find(id.toLowerCase());
    if (!payment) throw purchasesError('PAYMENT_NOT_FOUND', 'payment is not found');
    if (!mayReadPayment(payment, caller)) throw purchasesError('NOT_YOUR_PAYMENT', "another user's payment");
    return {
      payment_id: payment.id,
      status: payment.status,
      amount: Number(payment.amount),
      currency: payment.currency,
      reason: payment.reason,
      event_id: payment.event_id,
      quantity: payment.quantity,
      ticket_type_id: payment.ticket_type_id,
      ticket_type_name: payment.ticket_type_name,
      // Rows stored before orders are one seat: its price is the amount.
      unit_price: Number(payment.unit_price ?? payment.amount),
      refunded_quantity: payment.refunded_quantity,
      refunded_amount: Number(payment.refunded_amount),
      created_at: payment.created_at.toISOString(),
      updated_at: payment.updated_at.toISOString(),
    };
  }
}
