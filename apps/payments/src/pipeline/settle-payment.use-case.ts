import { Injectable, Logger } from '@nestjs/common';
import { PermanentMessageError, type Transaction } from '@event-tickets/service-kit';
import { PaymentsRepository } from '../common/payments.repository';
import { REJECTED_BY_GATEWAY } from '../gateway/simulated-gateway';
import { PaymentOutcomes } from './payment-outcomes';
import { TransactionsRepository } from './transactions.repository';

export interface SettlePaymentCommand {
  paymentId: string;
  approved: boolean;
  /** The failure reason the message carries (the original's TRANSACTION_FAILED has none). */
  reason?: string;
}

/**
 * TRANSACTION_SUCCEEDED | TRANSACTION_FAILED → the payment leaves PENDING (guarded: once), with its
 * outcome message and email in the same transaction. A late or replayed outcome changes nothing.
 */
@Injectable()
export class SettlePaymentUseCase {
  private readonly logger = new Logger(SettlePaymentUseCase.name);

  constructor(
    private readonly payments: PaymentsRepository,
    private readonly transactions: TransactionsRepository,
    private readonly outcomes: PaymentOutcomes,
  ) {}

  async execute(command: SettlePaymentCommand, tx: Transaction): Promise<void> {
    const { paymentId, approved } = command;
    const reason = approved ? null : await this.failureReason(command, tx);
    const payment = await this.payments.settle(tx, paymentId, approved ? 'SUCCESS' : 'FAILED', reason);
    if (payment) {
      if (approved) await this.outcomes.succeeded(tx, payment);
      else await this.outcomes.failed(tx, payment);
      this.logger.log({ paymentId, status: payment.status, reason }, 'payment settled');
      return;
    }
    const current = await this.payments.find(paymentId, tx);
    if (!current) throw new PermanentMessageError(`unknown payment ${paymentId}`);
    const fields = { paymentId, status: current.status, approved };
    const charged = (await this.transactions.findByPayment(tx, paymentId))?.status === 'SUCCESS';
    if (approved && current.status === 'FAILED' && charged)
      this.logger.error(fields, 'the gateway charged a payment that had already failed (timeout): refund it');
    else this.logger.warn(fields, 'payment already settled: outcome ignored');
  }

  private async failureReason(command: SettlePaymentCommand, tx: Transaction): Promise<string> {
    const transaction = await this.transactions.findByPayment(tx, command.paymentId);
    const stored = transaction?.status === 'FAILED' ? transaction.reason : null;
    return stored || command.reason || REJECTED_BY_GATEWAY;
  }
}
