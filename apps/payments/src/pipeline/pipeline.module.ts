import { Module } from '@nestjs/common';
import { PaymentTokens } from '../common/payment-tokens';
import { PaymentsRepository } from '../common/payments.repository';
import { EmailsModule } from '../emails/emails.module';
import { RefundsModule } from '../refunds/refunds.module';
import { CreateTransactionUseCase } from './create-transaction.use-case';
import { ExpireOverduePaymentsUseCase } from './expire-overdue-payments.use-case';
import { PaymentOutcomes } from './payment-outcomes';
import { PaymentTimeoutSweeper } from './payment-timeout.sweeper';
import {
  PaymentCreatedConsumer,
  TransactionCreatedConsumer,
  TransactionFailedConsumer,
  TransactionSucceededConsumer,
} from './pipeline.consumers';
import { ProcessTransactionUseCase } from './process-transaction.use-case';
import { SettlePaymentUseCase } from './settle-payment.use-case';
import { TransactionsRepository } from './transactions.repository';

/**
 * The original's pipeline: PAYMENT_CREATED → TRANSACTION_CREATED → gateway → TRANSACTION_SUCCEEDED |
 * TRANSACTION_FAILED → payment SUCCESS | FAILED, through the outbox and idempotent consumers; plus
 * the timeout sweeper.
 */
@Module({
  // RefundsModule: the gateway (charges and refunds) and the late-success refund.
  imports: [EmailsModule, RefundsModule],
  providers: [
    PaymentsRepository,
    TransactionsRepository,
    PaymentTokens,
    PaymentOutcomes,
    CreateTransactionUseCase,
    ProcessTransactionUseCase,
    SettlePaymentUseCase,
    ExpireOverduePaymentsUseCase,
    PaymentTimeoutSweeper,
    PaymentCreatedConsumer,
    TransactionCreatedConsumer,
    TransactionSucceededConsumer,
    TransactionFailedConsumer,
  ],
})
export class PipelineModule {}
