import { Injectable, Logger } from '@nestjs/common';
import { Payments, type PayloadOf } from '@event-tickets/contracts';
import {
  Consumes,
  type PostgresMessageContext,
  type PostgresMessageHandler,
} from '@event-tickets/service-kit';
import { RecordPurchaseUseCase } from './record-purchase.use-case';

/**
 * PAYMENT_SUCCEEDED_TOPIC (group KAFKA_GROUP_ID). The kit has already validated the payload (invalid
 * → `.DLQ` with the reason) and opened the transaction that records the message id; errors propagate,
 * so a database failure is retried, never taken for "client not found".
 */
@Injectable()
@Consumes(Payments.PaymentSucceededV1)
export class PaymentSucceededConsumer implements PostgresMessageHandler<typeof Payments.PaymentSucceededV1> {
  private readonly logger = new Logger(PaymentSucceededConsumer.name);

  constructor(private readonly recordPurchase: RecordPurchaseUseCase) {}

  async handle(
    payload: PayloadOf<typeof Payments.PaymentSucceededV1>,
    ctx: PostgresMessageContext,
  ): Promise<void> {
    const source = { messageId: ctx.messageId, correlationId: ctx.metadata.correlationId };
    const outcome = await this.recordPurchase.execute(
      payload,
      { ...source, occurredAt: ctx.metadata.occurredAt },
      ctx.tx,
    );
    this.logger.log(
      { ...source, paymentId: payload.payment_id, eventId: payload.event_id, ...outcome },
      'purchase recorded: ticket requested',
    );
  }
}
