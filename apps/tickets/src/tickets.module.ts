import { Module } from '@nestjs/common';
import { MessagingModule, MongoHealthIndicator, mongoModule } from '@event-tickets/service-kit';
import { TicketingModule } from './tickets/ticketing.module';

/** tickets: MongoDB `tickets`, the SEND_TICKET consumer, the ticket emails and the tickets API. */
@Module({
  imports: [mongoModule(), MessagingModule.forMongo(), TicketingModule],
  providers: [MongoHealthIndicator],
})
export class TicketsModule {}
