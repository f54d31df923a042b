import { Injectable, Logger } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { Clients, type PayloadOf } from '@event-tickets/contracts';
import {
  Consumes,
  type MongoMessageContext,
  type MongoMessageHandler,
  PermanentMessageError,
} from '@event-tickets/service-kit';
import { ConvertLeadUseCase } from './convert-lead.use-case';

/** CLIENT_CREATED (group KAFKA_GROUP_ID): the buyer's lead is converted, or created converted. */
@Injectable()
@Consumes(Clients.ClientCreatedV1)
export class ClientCreatedConsumer implements MongoMessageHandler<typeof Clients.ClientCreatedV1> {
  private readonly logger = new Logger(ClientCreatedConsumer.name);

  constructor(private readonly convertLead: ConvertLeadUseCase) {}

  async handle(payload: PayloadOf<typeof Clients.ClientCreatedV1>, ctx: MongoMessageContext): Promise<void> {
    const email = payload.email.trim();
    if (email.length > 254 || !isEmail(email))
      throw new PermanentMessageError('email is not an email address');
    const outcome = await this.convertLead.execute({
      email,
      language: payload.language,
      messageId: ctx.messageId,
    });
    this.logger.log({ messageId: ctx.messageId, outcome }, 'lead conversion');
  }
}
