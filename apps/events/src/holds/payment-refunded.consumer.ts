import { Injectable, Logger } from '@nestjs/common';
import { Payments, type PayloadOf } from '@event-tickets/contracts';
import {
  Consumes,
  type PostgresMessageContext,
  type PostgresMessageHandler,
} from '@event-tickets/service-kit';
import { seatMetrics } from './holds.metrics';
import { SeatHoldsRepository } from './seat-holds.repository';

/**
 * PAYMENT_REFUNDED_TOPIC → the refunded seats of the payment's hold go back on sale, in the consumer's
 * transaction (with its inbox row: a redelivery changes nothing). A sold hold gives back `quantity`
 * seats, never more than it has left; a hold still HELD (refunded before its sale was confirmed) is
 * released; a released or unknown hold has nothing to give back (logged).
 */
@Injectable()
@Consumes(Payments.PaymentRefundedV1)
export class PaymentRefundedConsumer implements PostgresMessageHandler<typeof Payments.PaymentRefundedV1> {
  private readonly logger = new Logger(PaymentRefundedConsumer.name);

  constructor(private readonly holds: SeatHoldsRepository) {}

  async handle(
    payload: PayloadOf<typeof Payments.PaymentRefundedV1>,
    ctx: PostgresMessageContext,
  ): Promise<void> {
    const fields = { messageId: ctx.messageId, paymentId: payload.payment_id, refundId: payload.refund_id };
    const hold = await this.holds.find(ctx.tx, payload.payment_id, true);
    switch (hold?.status) {
      case 'SOLD': {
        const back = await this.holds.refund(ctx.tx, hold, payload.quantity);
        seatMetrics.refunded.inc(back);
        if (back < payload.quantity)
          this.logger.warn('refund of more seats than the hold had left', { ...fields, back });
        return;
      }
      case 'HELD':
        await this.holds.settle(ctx.tx, hold, 'RELEASED');
        seatMetrics.released.inc({ reason: 'refunded' }, hold.quantity);
        return;
      case 'RELEASED':
      case undefined:
        this.logger.warn('refund without seats to give back', { ...fields, status: hold?.status ?? 'none' });
    }
  }
}
