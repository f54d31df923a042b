import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { type PayloadOf, Payments } from '@event-tickets/contracts';
import { outgoing, PermanentMessageError, type Transaction } from '@event-tickets/service-kit';
import { PaymentTokens } from '../common/payment-tokens';
import { PaymentsRepository } from '../common/payments.repository';
import { TransactionsRepository } from './transactions.repository';

/**
 * PAYMENT_CREATED → the payment's transaction, PENDING, and TRANSACTION_CREATED. Everything but the
 * payment token comes from the payment row, not from the message; the token is passed on sealed
 * (never stored in a table; a clear one, from the original's payments, is sealed here).
 */
@Injectable()
export class CreateTransactionUseCase {
  private readonly logger = new Logger(CreateTransactionUseCase.name);

  constructor(
    private readonly payments: PaymentsRepository,
    private readonly transactions: TransactionsRepository,
    private readonly tokens: PaymentTokens,
  ) {}

  async execute(message: PayloadOf<typeof Payments.PaymentCreatedV1>, tx: Transaction): Promise<void> {
    const payment = await this.payments.find(message.payment_id, tx);
    if (!payment) throw new PermanentMessageError(`unknown payment ${message.payment_id}`);
    if (payment.status !== 'PENDING') {
      this.logger.warn(
        { paymentId: payment.id, status: payment.status },
        'payment already settled: no transaction',
      );
      return;
    }
    const transactionId = randomUUID();
    if (!(await this.transactions.create(tx, transactionId, payment.id))) {
      this.logger.warn({ paymentId: payment.id }, 'payment already has a transaction');
      return;
    }
    await tx.publish(
      outgoing(
        Payments.TransactionCreatedV1,
        {
          transaction_id: transactionId,
          payment_id: payment.id,
          user_name: payment.user_name,
          user_email: payment.user_email,
          event_id: payment.event_id,
          amount: Number(payment.amount),
          payment_token: this.tokens.passOn(message.payment_token),
          event_name: payment.event_name,
          event_description: payment.event_description,
          event_image_url: payment.event_image_url,
          user_language: payment.user_language,
        },
        { key: payment.id, correlationId: payment.id },
      ),
    );
  }
}
