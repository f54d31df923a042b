import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MailClaim, MailClaimSchema } from '@event-tickets/service-kit';
import { CheckIn, CheckInSchema } from './check-in.schema';
import { TicketMailStore } from './ticket-mail.store';
import { Ticket, TicketSchema } from './ticket.schema';
import { TicketsRepository } from './tickets.repository';

/** Persistence shared by issuing/check-in (tickets/) and the email worker (delivery/). */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Ticket.name, schema: TicketSchema },
      { name: CheckIn.name, schema: CheckInSchema },
      { name: MailClaim.name, schema: MailClaimSchema },
    ]),
  ],
  providers: [TicketsRepository, TicketMailStore],
  exports: [TicketsRepository, TicketMailStore],
})
export class TicketStoreModule {}
