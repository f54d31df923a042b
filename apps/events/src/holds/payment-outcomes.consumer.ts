import { Injectable, Logger } from '@nestjs/common';
import { Payments, type PayloadOf } from '@event-tickets/contracts';
import {
  Consumes,
  DomainError,
  type PostgresMessageContext,
  type PostgresMessageHandler,
} from '@event-tickets/service-kit';
import { ConfirmHoldUseCase } from './confirm-hold.use-case';
import { ReleaseHoldUseCase } from './release-hold.use-case';

/** Domain outcomes that end the message (logged): retrying could never change them. */
function settled(error: unknown, codes: string[]): error is DomainError {
  return error instanceof DomainError && codes.includes(error.code);
}

/**
 * PAYMENT_SUCCEEDED_TOPIC → the hold becomes a sale. Runs in the consumer's transaction (with its
 * inbox row). The original payments sends no payment_id: nothing to confirm.
 */
@Injectable()
@Consumes(Payments.PaymentSucceededV1)
export class PaymentSucceededConsumer implements PostgresMessageHandler<typeof Payments.PaymentSucceededV1> {
  private readonly logger = new Logger(PaymentSucceededConsumer.name);

  constructor(private readonly confirmHold: ConfirmHoldUseCase) {}

  async handle(
    payload: PayloadOf<typeof Payments.PaymentSucceededV1>,
    ctx: PostgresMessageContext,
  ): Promise<void> {
    if (!payload.payment_id) return;
    try {
      await this.confirmHold.execute({ paymentId: payload.payment_id }, ctx.tx);
    } catch (error) {
      if (!settled(error, ['HOLD_NOT_FOUND', 'HOLD_LOST', 'EVENT_CANCELLED'])) throw error;
      const fields = { messageId: ctx.messageId, paymentId: payload.payment_id, code: error.code };
      if (error.code !== 'HOLD_NOT_FOUND')
        this.logger.error('paid, but the expired hold could not be taken again', fields);
      else this.logger.warn('payment succeeded without a seat hold', fields);
    }
  }
}

/** PAYMENT_FAILED_TOPIC → the seat goes back on sale. */
@Injectable()
@Consumes(Payments.PaymentFailedV1)
export class PaymentFailedConsumer implements PostgresMessageHandler<typeof Payments.PaymentFailedV1> {
  private readonly logger = new Logger(PaymentFailedConsumer.name);

  constructor(private readonly releaseHold: ReleaseHoldUseCase) {}

  async handle(
    payload: PayloadOf<typeof Payments.PaymentFailedV1>,
    ctx: PostgresMessageContext,
  ): Promise<void> {
    try {
      await this.releaseHold.execute({ paymentId: payload.payment_id, reason: 'payment_failed' }, ctx.tx);
    } catch (error) {
      if (!settled(error, ['HOLD_NOT_FOUND', 'ALREADY_SOLD'])) throw error;
      this.logger.warn('payment failure left the seat as it was', {
        messageId: ctx.messageId,
        paymentId: payload.payment_id,
        code: error.code,
      });
    }
  }
}
