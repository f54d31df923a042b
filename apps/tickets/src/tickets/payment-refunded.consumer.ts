import { Injectable, Logger } from '@nestjs/common';
import { Payments, type PayloadOf } from '@event-tickets/contracts';
import { Consumes, type MongoMessageContext, type MongoMessageHandler } from '@event-tickets/service-kit';
import { VoidTicketsUseCase } from './void-tickets.use-case';

/**
 * PAYMENT_REFUNDED_TOPIC (group KAFKA_GROUP_ID): the refunded tickets are voided. payments voided them
 * through the voids route before refunding, so this normally changes nothing; it covers a ticket
 * whose void was not copied onto it. An order refunded whole without passports (no tickets were known)
 * voids every ticket of it not checked in. Never refuses: what cannot be voided is logged.
 */
@Injectable()
@Consumes(Payments.PaymentRefundedV1)
export class PaymentRefundedConsumer implements MongoMessageHandler<typeof Payments.PaymentRefundedV1> {
  private readonly logger = new Logger(PaymentRefundedConsumer.name);

  constructor(private readonly voidTickets: VoidTicketsUseCase) {}

  async handle(
    payload: PayloadOf<typeof Payments.PaymentRefundedV1>,
    ctx: MongoMessageContext,
  ): Promise<void> {
    const whole = !payload.passports.length && payload.payment_status === 'REFUNDED';
    if (!payload.passports.length && !whole) return;
    const { passports } = await this.voidTickets.execute(
      { paymentId: payload.payment_id, refundId: payload.refund_id, passports: payload.passports },
      { lenient: true },
    );
    const skipped = payload.passports.filter((p) => !passports.includes(p.toLowerCase()));
    this.logger.log(
      {
        messageId: ctx.messageId,
        refundId: payload.refund_id,
        paymentId: payload.payment_id,
        voided: passports.length,
        skipped,
      },
      'refund: tickets voided',
    );
  }
}
