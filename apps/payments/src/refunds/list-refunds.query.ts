import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@event-tickets/service-kit';
import { refundsError } from './refunds.errors';
import type { RefundListResponse } from './refund.requests';
import { RefundsRepository } from './refunds.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** GET /payments/:id/refunds — the buying account or an admin, as GET /payments/:id. */
@Injectable()
export class ListRefundsQuery {
  constructor(private readonly refunds: RefundsRepository) {}

  async execute(id: string, caller: AuthUser): Promise<RefundListResponse> {
    if (!UUID.test(id)) throw refundsError('INVALID_PAYMENT_ID', 'the payment id must be a UUID');
    const paymentId = id.toLowerCase();
    const payment = await this.refunds.findPayment(paymentId);
    if (!payment) throw refundsError('PAYMENT_NOT_FOUND', 'payment is not found');
    if (caller.role !== 'ADMIN' && !(payment.user_id && payment.user_id === caller.id))
      throw refundsError('NOT_YOUR_PAYMENT', "another user's payment");
    const rows = await this.refunds.listByPayment(paymentId);
    return {
      payment_id: paymentId,
      payment_status: payment.status,
      refunded_quantity: payment.refunded_quantity,
      refunded_amount: Number(payment.refunded_amount),
      refunds: rows.map((r) => ({
        refund_id: r.id,
        reason: r.reason,
        status: r.status,
        quantity: r.quantity,
        amount: Number(r.amount),
        passports: r.voided_passports ?? r.passports ?? [],
        rejected_code: r.rejected_code,
        created_at: r.created_at.toISOString(),
        updated_at: r.updated_at.toISOString(),
      })),
    };
  }
}
