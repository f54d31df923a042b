import { Injectable } from '@nestjs/common';
import { type PayloadOf, Payments } from '@event-tickets/contracts';
import {
  Consumes,
  type PostgresMessageContext,
  type PostgresMessageHandler,
} from '@event-tickets/service-kit';
import { CreateTransactionUseCase } from './create-transaction.use-case';
import { ProcessTransactionUseCase } from './process-transaction.use-case';
import { SettlePaymentUseCase } from './settle-payment.use-case';
import { prefixedGroup } from '../common/consumer-groups';

/**
 * The original's consumer groups. Each handler runs in the transaction that records the message id
 * (inbox): a redelivery has no second effect.
 */

@Injectable()
@Consumes(Payments.PaymentCreatedV1, { group: prefixedGroup('group-payment-created') })
export class PaymentCreatedConsumer implements PostgresMessageHandler<typeof Payments.PaymentCreatedV1> {
  constructor(private readonly createTransaction: CreateTransactionUseCase) {}

  handle(payload: PayloadOf<typeof Payments.PaymentCreatedV1>, ctx: PostgresMessageContext): Promise<void> {
    return this.createTransaction.execute(payload, ctx.tx);
  }
}

@Injectable()
@Consumes(Payments.TransactionCreatedV1, { group: prefixedGroup('group-transaction-created') })
export class TransactionCreatedConsumer implements PostgresMessageHandler<
  typeof Payments.TransactionCreatedV1
> {
  constructor(private readonly processTransaction: ProcessTransactionUseCase) {}

  handle(
    payload: PayloadOf<typeof Payments.TransactionCreatedV1>,
    ctx: PostgresMessageContext,
  ): Promise<void> {
    return this.processTransaction.execute(payload, ctx.tx);
  }
}

@Injectable()
@Consumes(Payments.TransactionSucceededV1, { group: prefixedGroup('group-transaction-succeeded') })
export class TransactionSucceededConsumer implements PostgresMessageHandler<
  typeof Payments.TransactionSucceededV1
> {
  constructor(private readonly settlePayment: SettlePaymentUseCase) {}

  handle(
    payload: PayloadOf<typeof Payments.TransactionSucceededV1>,
    ctx: PostgresMessageContext,
  ): Promise<void> {
    const details = {
      user_name: payload.user_name,
      user_language: payload.user_language,
      event_name: payload.event_name,
      event_description: payload.event_description,
      event_image_url: payload.event_image_url,
    };
    return this.settlePayment.execute({ paymentId: payload.payment_id, approved: true, details }, ctx.tx);
  }
}

@Injectable()
@Consumes(Payments.TransactionFailedV1, { group: prefixedGroup('group-transaction-failed') })
export class TransactionFailedConsumer implements PostgresMessageHandler<
  typeof Payments.TransactionFailedV1
> {
  constructor(private readonly settlePayment: SettlePaymentUseCase) {}

  handle(
    payload: PayloadOf<typeof Payments.TransactionFailedV1>,
    ctx: PostgresMessageContext,
  ): Promise<void> {
    return this.settlePayment.execute(
      {
        paymentId: payload.payment_id,
        approved: false,
        reason: payload.reason,
        details: { user_name: payload.user_name, user_language: payload.user_language },
      },
      ctx.tx,
    );
  }
}
