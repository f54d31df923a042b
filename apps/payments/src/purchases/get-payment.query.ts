import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@event-tickets/service-kit';
import type { PaymentRow } from '../common/payment-status';
import { PaymentsRepository } from '../common/payments.repository';
import type { PaymentResponse } from './payment.requests';
import { purchasesError } from './purchases.errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The buyer, or an admin, reads a payment. Rows from before user ids were kept match by email. */
function isBuyer(payment: PaymentRow, caller: AuthUser): boolean {
  if (payment.user_id) return payment.user_id === caller.id;
  return payment.user_email.toLowerCase() === caller.email.toLowerCase();
}

/** GET /payments/:id — 400 malformed id, 404 unknown, 403 another user's payment. */
@Injectable()
export class GetPaymentQuery {
  constructor(private readonly payments: PaymentsRepository) {}

  async execute(id: string, caller: AuthUser): Promise<PaymentResponse> {
    if (!UUID.test(id)) throw purchasesError('INVALID_PAYMENT_ID', 'the payment id must be a UUID');
    const payment = await this.payments.find(id.toLowerCase());
    if (!payment) throw purchasesError('PAYMENT_NOT_FOUND', 'payment is not found');
    if (caller.role !== 'ADMIN' && !isBuyer(payment, caller))
      throw purchasesError('NOT_YOUR_PAYMENT', "another user's payment");
    return {
      payment_id: payment.id,
      status: payment.status,
      amount: Number(payment.amount),
      currency: payment.currency,
      reason: payment.reason,
      event_id: payment.event_id,
      created_at: payment.created_at.toISOString(),
      updated_at: payment.updated_at.toISOString(),
    };
  }
}
