import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { RefundReason } from '@event-tickets/contracts';
import type { Transaction } from '@event-tickets/service-kit';
import { PaymentGateway } from '../gateway/payment-gateway';
import { RefundProcessor } from './refund-processor';
import { RefundsRepository } from './refunds.repository';

/**
 * A charge that must not sell a seat (no seat was left, or the event was cancelled) is given back at
 * once, in the settling transaction: the whole order, nothing to void (no ticket was ever issued).
 * The gateway's refund key is stable per payment and reason, so a retried message refunds once.
 */
@Injectable()
export class LateRefund {
  constructor(
    private readonly refunds: RefundsRepository,
    private readonly gateway: PaymentGateway,
    private readonly processor: RefundProcessor,
  ) {}

  async refundWhole(tx: Transaction, paymentId: string, reason: RefundReason): Promise<void> {
    const payment = await this.refunds.lockPayment(tx, paymentId);
    if (!payment) return;
    const amount = Number(payment.amount) - Number(payment.refunded_amount);
    const refund = await this.refunds.insert(tx, {
      id: randomUUID(),
      paymentId,
      reason,
      requestedBy: null,
      passports: null,
      voided: { quantity: Math.max(0, payment.quantity - payment.refunded_quantity), amount },
      dueInMs: 0,
    });
    const { gatewayRefundId } = await this.gateway.refund({
      refundId: `${paymentId}:${reason}`,
      paymentId,
      amount,
    });
    await this.processor.complete(tx, refund, gatewayRefundId);
  }
}
