import { Injectable, Logger } from '@nestjs/common';
import { type PayloadOf, Payments } from '@event-tickets/contracts';
import {
  outgoing,
  PermanentMessageError,
  SealedValueError,
  type Transaction,
} from '@event-tickets/service-kit';
import type { PaymentRow } from '../common/payment-status';
import { PaymentTokens } from '../common/payment-tokens';
import { paymentsMetrics } from '../common/payments.metrics';
import { PaymentsRepository } from '../common/payments.repository';
import { type ChargeResult, PaymentGateway } from '../gateway/payment-gateway';
import { INVALID_PAYMENT_DATA } from '../gateway/simulated-gateway';
import { TransactionsRepository } from './transactions.repository';

/**
 * TRANSACTION_CREATED → the gateway's answer, persisted (guarded) and THEN published as
 * TRANSACTION_SUCCEEDED or TRANSACTION_FAILED, in one transaction (the original published first).
 * The transaction row stays locked during the call: one charge at a time per transaction.
 */
@Injectable()
export class ProcessTransactionUseCase {
  private readonly logger = new Logger(ProcessTransactionUseCase.name);

  constructor(
    private readonly transactions: TransactionsRepository,
    private readonly payments: PaymentsRepository,
    private readonly gateway: PaymentGateway,
    private readonly tokens: PaymentTokens,
  ) {}

  async execute(message: PayloadOf<typeof Payments.TransactionCreatedV1>, tx: Transaction): Promise<void> {
    const transaction = await this.transactions.lock(tx, message.transaction_id);
    if (!transaction) throw new PermanentMessageError(`unknown transaction ${message.transaction_id}`);
    if (transaction.status !== 'PENDING') return;
    const payment = (await this.payments.find(transaction.payment_id, tx))!;
    if (payment.status !== 'PENDING') {
      // Timed out meanwhile: no charge for a payment that already failed.
      await this.transactions.settle(tx, transaction.id, 'FAILED', payment.reason ?? 'payment settled');
      this.logger.warn(
        { paymentId: payment.id, status: payment.status },
        'payment settled before the gateway call',
      );
      return;
    }
    const result = await this.charge(transaction.id, payment, message.payment_token);
    await this.transactions.settle(
      tx,
      transaction.id,
      result.approved ? 'SUCCESS' : 'FAILED',
      result.approved ? null : result.reason,
    );
    await tx.publish(this.outcome(payment, result));
  }

  /**
   * The token is opened here, for the gateway call only. One that cannot be opened (sealed with a key
   * no longer configured, altered) fails the payment as invalid payment data: retrying cannot help.
   */
  private async charge(
    transactionId: string,
    payment: PaymentRow,
    sealedToken: string,
  ): Promise<ChargeResult> {
    let paymentToken: string;
    try {
      paymentToken = this.tokens.open(sealedToken);
    } catch (error) {
      if (!(error instanceof SealedValueError)) throw error;
      this.logger.warn(
        { paymentId: payment.id, transactionId, reason: error.message },
        'payment token cannot be opened: the payment fails',
      );
      return { approved: false, reason: INVALID_PAYMENT_DATA };
    }
    const stop = paymentsMetrics.gatewayDuration.startTimer();
    try {
      const result = await this.gateway.charge({
        transactionId,
        paymentId: payment.id,
        amount: Number(payment.amount),
        currency: payment.currency,
        paymentToken,
      });
      stop({ outcome: result.approved ? 'approved' : 'rejected' });
      return result;
    } catch (error) {
      stop({ outcome: 'error' });
      throw error;
    }
  }

  private outcome(payment: PaymentRow, result: ChargeResult) {
    const options = { key: payment.id, correlationId: payment.id };
    if (result.approved)
      return outgoing(
        Payments.TransactionSucceededV1,
        {
          payment_id: payment.id,
          user_name: payment.user_name,
          user_email: payment.user_email,
          event_id: payment.event_id,
          event_name: payment.event_name,
          event_description: payment.event_description,
          event_image_url: payment.event_image_url,
          user_language: payment.user_language,
        },
        options,
      );
    return outgoing(
      Payments.TransactionFailedV1,
      {
        payment_id: payment.id,
        user_name: payment.user_name,
        user_email: payment.user_email,
        user_language: payment.user_language,
        event_id: payment.event_id,
        reason: result.reason,
      },
      options,
    );
  }
}
