import { Injectable } from '@nestjs/common';
import type { MessageContext, PostgresMessageContext } from '../consumes.decorator';
import { InboxStore, type InboxOutcome } from '../inbox-store';
import { UnitOfWork } from './unit-of-work';

const RECORD = `INSERT INTO inbox_messages (consumer_group, message_id, topic) VALUES ($1, $2, $3)
  ON CONFLICT DO NOTHING RETURNING message_id`;

/**
 * The inbox row and the handler's effect in one transaction: a redelivered message finds its row and
 * is a duplicate; a failed handler rolls its row back, so the message is processed again. Messages the
 * handler publishes leave after the commit (the unit of work kicks the relay).
 */
@Injectable()
export class PostgresInbox extends InboxStore {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  deliver(
    context: MessageContext,
    handle: (context: PostgresMessageContext) => Promise<void>,
  ): Promise<InboxOutcome> {
    return this.uow.run(async (tx) => {
      const recorded = await tx.prepared('inbox_record', RECORD, [
        context.group,
        context.messageId,
        context.topic,
      ]);
      if (!recorded.length) return 'duplicate';
      await handle({ ...context, tx });
      return 'processed';
    });
  }
}
