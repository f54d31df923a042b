import { Injectable, Logger } from '@nestjs/common';
import { Payments } from '@event-tickets/contracts';
import { outgoing, type Sql, type Transaction, UnitOfWork } from '@event-tickets/service-kit';
import { paymentsMetrics } from '../common/payments.metrics';
import { PaymentEmailsRepository } from '../emails/payment-emails.repository';
import { PaymentGateway } from '../gateway/payment-gateway';
import { type RefundablePayment, type RefundRow, refundCents } from './refund';
import type { VoidRefusal } from './refunds.errors';
import { RefundsRepository } from './refunds.repository';
import { TicketsClient } from './tickets.client';

export type RefundOutcome =
  | { outcome: 'completed'; refund: RefundRow; paymentStatus: string }
  | { outcome: 'rejected'; code: VoidRefusal }
  /** Left REQUESTED for the worker (a cancellation whose tickets are not all issued yet). */
  | { outcome: 'pending'; code: VoidRefusal };

/**
 * The steps of a refund after its row exists, each one durable and safe to repeat (a crash between
 * two of them is resumed by the worker from the row's status): tickets voids (REQUESTED → VOIDED with
 * quantity and amount), the gateway gives the money back, then one transaction completes it.
 */
@Injectable()
export class RefundProcessor {
  private readonly logger = new Logger(RefundProcessor.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly refunds: RefundsRepository,
    private readonly tickets: TicketsClient,
    private readonly gateway: PaymentGateway,
    private readonly emails: PaymentEmailsRepository,
  ) {}

  /** Runs what is left of the refund. Throws when tickets or the gateway cannot answer (retry). */
  async run(start: RefundRow): Promise<RefundOutcome> {
    let refund = start;
    if (refund.status === 'REQUESTED') {
      const voided = await this.voidTickets(refund);
      if ('outcome' in voided) return voided;
      refund = voided;
    }
    if (refund.status === 'VOIDED') {
      const { gatewayRefundId } = await this.gateway.refund({
        refundId: refund.id,
        paymentId: refund.payment_id,
        amount: Number(refund.amount),
      });
      return this.uow.run((tx) => this.complete(tx, refund, gatewayRefundId));
    }
    return this.settled(refund);
  }

  /**
   * The last step, in the caller's transaction: COMPLETED, the payment's refunded seats and amount,
   * PAYMENT_REFUNDED and the email. Also used at once for a late payment without a seat.
   */
  async complete(tx: Transaction, refund: RefundRow, gatewayRefundId: string): Promise<RefundOutcome> {
    const payment = await this.refunds.lockPayment(tx, refund.payment_id);
    const done = payment && (await this.refunds.completed(tx, refund.id, gatewayRefundId));
    if (!payment || !done) return this.settled((await this.refunds.find(refund.id, tx)) ?? refund);
    const amount = Number(done.amount);
    const after = await this.refunds.applyToPayment(tx, payment, done.quantity, amount);
    const paymentStatus = after.status as 'REFUNDED' | 'PARTIALLY_REFUNDED';
    await tx.publish(
      outgoing(
        Payments.PaymentRefundedV1,
        {
          refund_id: done.id,
          payment_id: payment.id,
          event_id: payment.event_id,
          ...(payment.ticket_type_id ? { ticket_type_id: payment.ticket_type_id } : {}),
          quantity: done.quantity,
          passports: done.voided_passports ?? [],
          amount,
          currency: payment.currency,
          reason: done.reason,
          payment_status: paymentStatus,
          user_email: payment.user_email,
          ...(payment.user_id ? { user_id: payment.user_id } : {}),
        },
        { key: payment.id, correlationId: payment.id },
      ),
    );
    await this.emails.recordRefund(tx, payment, { ...done, amount });
    await this.followCancellation(tx, after);
    paymentsMetrics.refunds.inc({ reason: done.reason });
    paymentsMetrics.refundedAmount.inc({ currency: payment.currency || 'none' }, amount);
    paymentsMetrics.payments.inc({ status: paymentStatus });
    this.logger.log({ refundId: done.id, paymentId: payment.id, paymentStatus }, 'refund completed');
    return { outcome: 'completed', refund: done, paymentStatus };
  }

  private async voidTickets(refund: RefundRow): Promise<RefundRow | RefundOutcome> {
    // An event cancellation refunds every seat of the order, checked in or not: the event will not happen.
    const cancelled = refund.reason === 'event_cancelled';
    const result = await this.tickets.void(refund.payment_id, refund.id, refund.passports, cancelled);
    if (!result.voided) {
      if (result.code === 'TICKETS_NOT_ISSUED' && cancelled) return { outcome: 'pending', code: result.code };
      return this.uow.run(async (tx) => {
        const payment = await this.refunds.lockPayment(tx, refund.payment_id);
        if (!(await this.refunds.rejected(tx, refund.id, result.code)))
          return this.settled((await this.refunds.find(refund.id, tx)) ?? refund);
        paymentsMetrics.refundsRejected.inc({ code: result.code });
        if (payment) await this.followCancellation(tx, payment);
        return { outcome: 'rejected', code: result.code } as const;
      });
    }
    return this.uow.run(async (tx) => {
      const payment = await this.refunds.lockPayment(tx, refund.payment_id);
      if (!payment) throw new Error(`refund ${refund.id} of an unknown payment`);
      const left = Math.max(0, payment.quantity - payment.refunded_quantity);
      const quantity = Math.min(result.quantity, left);
      const amount = refundCents(payment, quantity) / 100;
      await this.refunds.voided(tx, refund.id, { quantity, amount, passports: result.passports });
      return (await this.refunds.find(refund.id, tx))!;
    });
  }

  /** The refund had already ended (another run finished it): its outcome as it stands. */
  private settled(refund: RefundRow): RefundOutcome {
    if (refund.status === 'COMPLETED') return { outcome: 'completed', refund, paymentStatus: '' };
    return { outcome: 'rejected', code: (refund.rejected_code as VoidRefusal) ?? 'NOTHING_TO_REFUND' };
  }

  /**
   * The event was cancelled while another refund of this order was in progress (the cancellation
   * skipped the order then): refund the rest of it now.
   */
  private async followCancellation(sql: Sql, payment: RefundablePayment): Promise<void> {
    if (payment.status !== 'SUCCESS' && payment.status !== 'PARTIALLY_REFUNDED') return;
    if (!(await this.refunds.isEventCancelled(sql, payment.event_id))) return;
    await this.refunds.insertCancellationRefunds(sql, payment.event_id, payment.id);
  }
}
