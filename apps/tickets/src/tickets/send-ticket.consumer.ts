import { Injectable, Logger } from '@nestjs/common';
import { Clients } from '@event-tickets/contracts';
import { Consumes, type MongoMessageContext, type MongoMessageHandler } from '@event-tickets/service-kit';
import { type IssueOutcome, IssueTicketUseCase, type SendTicket } from './issue-ticket.use-case';

/**
 * SEND_TICKET_TOPIC (group KAFKA_GROUP_ID) → issue the purchase's tickets (one per seat); a Kafka batch is issued in
 * one insert. Invalid messages are dead-lettered by the host.
 */
@Injectable()
@Consumes(Clients.SendTicketV1)
export class SendTicketConsumer implements MongoMessageHandler<typeof Clients.SendTicketV1> {
  private readonly logger = new Logger(SendTicketConsumer.name);

  constructor(private readonly issueTicket: IssueTicketUseCase) {}

  async handle(payload: SendTicket, ctx: MongoMessageContext): Promise<void> {
    this.log(ctx, await this.issueTicket.execute(payload, ctx.messageId));
  }

  async handleBatch(items: { payload: SendTicket; context: MongoMessageContext }[]): Promise<void> {
    const outcomes = await this.issueTicket.executeBatch(
      items.map(({ payload, context }) => ({ payload, messageId: context.messageId })),
    );
    outcomes.forEach((outcome, i) => this.log(items[i]!.context, outcome));
  }

  private log(ctx: MongoMessageContext, outcome: IssueOutcome): void {
    if (outcome.issued)
      this.logger.log(
        { messageId: ctx.messageId, ticketId: outcome.ticketId, tickets: outcome.count },
        'ticket issued',
      );
    else
      this.logger.log(
        { messageId: ctx.messageId, purchaseKey: outcome.purchaseKey },
        'purchase already has its ticket: no effect',
      );
  }
}
