import { Injectable, Logger } from '@nestjs/common';
import { Clients } from '@event-tickets/contracts';
import { Consumes, type MongoMessageContext, type MongoMessageHandler } from '@event-tickets/service-kit';
import { IssueTicketUseCase, type SendTicket } from './issue-ticket.use-case';

/** SEND_TICKET_TOPIC (group KAFKA_GROUP_ID) → issue the purchase's ticket. Invalid messages are dead-lettered by the host. */
@Injectable()
@Consumes(Clients.SendTicketV1)
export class SendTicketConsumer implements MongoMessageHandler<typeof Clients.SendTicketV1> {
  private readonly logger = new Logger(SendTicketConsumer.name);

  constructor(private readonly issueTicket: IssueTicketUseCase) {}

  async handle(payload: SendTicket, ctx: MongoMessageContext): Promise<void> {
    const outcome = await this.issueTicket.execute(payload, ctx.messageId);
    if (outcome.issued)
      this.logger.log({ messageId: ctx.messageId, ticketId: outcome.ticketId }, 'ticket issued');
    else
      this.logger.log(
        { messageId: ctx.messageId, purchaseKey: outcome.purchaseKey },
        'purchase already has its ticket: no effect',
      );
  }
}
