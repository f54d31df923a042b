import { Module } from '@nestjs/common';
import { EmailsModule } from '../emails/emails.module';
import { PaymentGateway } from '../gateway/payment-gateway';
import { SimulatedGateway } from '../gateway/simulated-gateway';
import { EventCancelledConsumer } from './event-cancelled.consumer';
import { HoldConfirmClient } from './hold-confirm.client';
import { LateRefund } from './late-refund';
import { ListRefundsQuery } from './list-refunds.query';
import { RefundProcessor } from './refund-processor';
import { RefundsController } from './refunds.controller';
import { RefundsRepository } from './refunds.repository';
import { RefundsWorker } from './refunds.worker';
import { RequestRefundUseCase } from './request-refund.use-case';
import { TicketsClient } from './tickets.client';

/**
 * Refunds: the routes, the steps (tickets voids, gateway refund, completion), the worker that resumes
 * them, the EVENT_CANCELLED consumer, and the late-success refund the pipeline's settle uses.
 */
@Module({
  imports: [EmailsModule],
  controllers: [RefundsController],
  providers: [
    RefundsRepository,
    TicketsClient,
    HoldConfirmClient,
    { provide: PaymentGateway, useClass: SimulatedGateway },
    RefundProcessor,
    RefundsWorker,
    RequestRefundUseCase,
    ListRefundsQuery,
    LateRefund,
    EventCancelledConsumer,
  ],
  exports: [RefundsRepository, HoldConfirmClient, LateRefund, PaymentGateway],
})
export class RefundsModule {}
