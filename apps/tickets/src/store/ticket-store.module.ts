import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MailClaim, MailClaimSchema } from '@event-tickets/service-kit';
import { CheckIn, CheckInSchema } from './check-in.schema';
import { TicketMailStore } from './ticket-mail.store';
import { Ticket, TicketSchema } from './ticket.schema';
import { TicketsRepository } from './tickets.repository';
import { VoidsRepository } from './voids.repository';

/** Persistence shared by issuing/check-in (tickets/) and the email worker (delivery/). */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Ticket.name, schema: TicketSchema },
      { name: CheckIn.name, schema: CheckInSchema },
      { name: MailClaim.name, schema: MailClaimSchema },
    ]),
  ],
  providers: [TicketsRepository, TicketMailStore, VoidsRepository],
  exports: [TicketsRepository, TicketMailStore, VoidsRepository],
})
export class TicketStoreModule {}
