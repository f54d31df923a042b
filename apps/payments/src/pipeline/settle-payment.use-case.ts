import { Injectable, Logger } from '@nestjs/common';
import { PermanentMessageError, type Transaction } from '@event-tickets/service-kit';
import { PaymentsRepository, type SettleDetails } from '../common/payments.repository';
import { REJECTED_BY_GATEWAY } from '../gateway/simulated-gateway';
import { HoldConfirmClient } from '../refunds/hold-confirm.client';
import { LateRefund } from '../refunds/late-refund';
import { RefundsRepository } from '../refunds/refunds.repository';
import { PaymentOutcomes } from './payment-outcomes';
import { TransactionsRepository } from './transactions.repository';

export interface SettlePaymentCommand {
  paymentId: string;
  approved: boolean;
  /** The failure reason the message carries (the original's TRANSACTION_FAILED has none). */
  reason?: string;
  /** What the message says of the buyer and event, for a payment the original stored without them. */
  details?: SettleDetails;
}

/**
 * TRANSACTION_SUCCEEDED | TRANSACTION_FAILED → the payment leaves PENDING (guarded: once), with its
 * outcome message and email in the same transaction. A late or replayed outcome changes nothing,
 * except a charge that arrives late (its payment timed out, or is past its deadline) or for a
 * cancelled event: it never sells a seat that is not there (see `chargedLate`).
 */
@Injectable()
export class SettlePaymentUseCase {
  private readonly logger = new Logger(SettlePaymentUseCase.name);

  constructor(
    private readonly payments: PaymentsRepository,
    private readonly transactions: TransactionsRepository,
    private readonly outcomes: PaymentOutcomes,
    private readonly refunds: RefundsRepository,
    private readonly holds: HoldConfirmClient,
    private readonly lateRefund: LateRefund,
  ) {}

  async execute(command: SettlePaymentCommand, tx: Transaction): Promise<void> {
    const { paymentId, approved } = command;
    if (approved && (await this.chargedLate(paymentId, tx))) return;
    const reason = approved ? null : await this.failureReason(command, tx);
    const payment = await this.payments.settle(
      tx,
      paymentId,
      approved ? 'SUCCESS' : 'FAILED',
      reason,
      command.details,
    );
    if (payment) {
      if (approved) await this.outcomes.succeeded(tx, payment);
      else await this.outcomes.failed(tx, payment);
      this.logger.log({ paymentId, status: payment.status, reason }, 'payment settled');
      return;
    }
    const current = await this.payments.find(paymentId, tx);
    if (!current) throw new PermanentMessageError(`unknown payment ${paymentId}`);
    this.logger.warn(
      { paymentId, status: current.status, approved },
      'payment already settled: outcome ignored',
    );
  }

  /**
   * An approval that must not simply sell: its event was cancelled (→ refunded at once, never
   * PAYMENT_SUCCEEDED), or it came after the payment timed out or past its deadline (→ events is
   * asked to confirm the hold: the seat if one is free, else refunded at once, "no seat"). Under the
   * event's shared lock: the cancellation takes it exclusively, so none slips between. Throws when
   * events cannot answer (the message is retried). True when the approval was handled here.
   */
  private async chargedLate(paymentId: string, tx: Transaction): Promise<boolean> {
    const payment = await this.refunds.lockPayment(tx, paymentId);
    if (!payment) return false;
    const pending = payment.status === 'PENDING';
    const failedButCharged =
      payment.status === 'FAILED' &&
      (await this.transactions.findByPayment(tx, paymentId))?.status === 'SUCCESS';
    if (!pending && !failedButCharged) return false;
    await this.refunds.lockEvent(tx, payment.event_id, 'shared');
    if (await this.refunds.isEventCancelled(tx, payment.event_id)) {
      await this.lateRefund.refundWhole(tx, paymentId, 'event_cancelled');
      this.logger.warn({ paymentId, eventId: payment.event_id }, 'charged for a cancelled event: refunded');
      return true;
    }
    const overdue = pending && payment.deadline_at !== null && payment.deadline_at.getTime() <= Date.now();
    if (!failedButCharged && !overdue) return false;
    const answer = await this.holds.confirm(paymentId);
    if (answer === 'CONFIRMED') {
      if (pending) return false;
      const revived = await this.refunds.revive(tx, paymentId);
      if (revived) await this.outcomes.succeeded(tx, revived);
      this.logger.warn({ paymentId }, 'a payment that had timed out was charged: its seat was still free');
      return true;
    }
    await this.lateRefund.refundWhole(
      tx,
      paymentId,
      answer === 'EVENT_CANCELLED' ? 'event_cancelled' : 'no_seat',
    );
    this.logger.warn({ paymentId, answer }, 'charged after the seat was gone: refunded');
    return true;
  }

  private async failureReason(command: SettlePaymentCommand, tx: Transaction): Promise<string> {
    const transaction = await this.transactions.findByPayment(tx, command.paymentId);
    const stored = transaction?.status === 'FAILED' ? transaction.reason : null;
    return stored || command.reason || REJECTED_BY_GATEWAY;
  }
}
