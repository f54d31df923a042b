import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CheckIn, CheckInSchema } from './check-in.schema';
import { MailClaim, MailClaimSchema } from './mail-claim.schema';
import { MailQueue } from './mail-queue.repository';
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
  providers: [TicketsRepository, MailQueue],
  exports: [TicketsRepository, MailQueue],
})
export class TicketStoreModule {}
