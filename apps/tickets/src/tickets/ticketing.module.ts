import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { TicketStoreModule } from '../store/ticket-store.module';
import { CheckInUseCase } from './check-in.use-case';
import { GetTicketQuery } from './get-ticket.query';
import { IssueTicketUseCase } from './issue-ticket.use-case';
import { ListTicketsQuery } from './list-tickets.query';
import { ResendTicketUseCase } from './resend-ticket.use-case';
import { SendTicketConsumer } from './send-ticket.consumer';
import { TicketsController } from './tickets.controller';
import { PaymentRefundedConsumer } from './payment-refunded.consumer';
import { VoidTicketsUseCase } from './void-tickets.use-case';
import { VoidsController } from './voids.controller';

/** Issuing tickets (SEND_TICKET consumer), the tickets API, check-in and voids (refunds). */
@Module({
  imports: [TicketStoreModule, DeliveryModule],
  controllers: [TicketsController, VoidsController],
  providers: [
    IssueTicketUseCase,
    SendTicketConsumer,
    ListTicketsQuery,
    GetTicketQuery,
    CheckInUseCase,
    ResendTicketUseCase,
    VoidTicketsUseCase,
    PaymentRefundedConsumer,
  ],
})
export class TicketingModule {}
