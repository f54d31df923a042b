import { Injectable } from '@nestjs/common';
import type { MessageContext, PostgresMessageContext } from '../consumes.decorator';
import { type InboxHandler, type InboxItem, InboxStore, type InboxOutcome } from '../inbox-store';
import { UnitOfWork } from './unit-of-work';

const RECORD = `INSERT INTO inbox_messages (consumer_group, message_id, topic) VALUES ($1, $2, $3)
  ON CONFLICT DO NOTHING RETURNING message_id`;

/** The batch's ids in one statement; a repeated id inside the batch is recorded once (the first). */
const RECORD_MANY = `INSERT INTO inbox_messages (consumer_group, message_id, topic)
  SELECT $1, id, $3 FROM unnest($2::text[]) AS ids(id)
  ON CONFLICT DO NOTHING RETURNING message_id`;

/**
 * The inbox row and the handler's effect in one transaction: a redelivered message finds its row and
 * is a duplicate; a failed handler rolls its row back, so the message is processed again. Messages the
 * handler publishes leave after the commit (the unit of work kicks the relay).
 *
 * A batch is one transaction too: the inbox rows of all its messages in one statement, each new
 * message's handler in turn on the same transaction, their outbox rows in one insert, one commit.
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

  batches(): boolean {
    return true;
  }

  deliverBatch(items: InboxItem[], handler: InboxHandler): Promise<InboxOutcome[]> {
    const [first] = items;
    if (!first) return Promise.resolve([]);
    return this.uow.run(async (tx) => {
      const recorded = await tx.prepared<{ message_id: string }>('inbox_record_many', RECORD_MANY, [
        first.context.group,
        items.map((i) => i.context.messageId),
        first.context.topic,
      ]);
      const fresh = new Set(recorded.map((r) => r.message_id));
      const outcomes: InboxOutcome[] = [];
      for (const { payload, context } of items) {
        // delete: a second copy of the same id later in the batch is a duplicate.
        if (!fresh.delete(context.messageId)) {
          outcomes.push('duplicate');
          continue;
        }
        await handler.handle(payload, { ...context, tx } as PostgresMessageContext);
        outcomes.push('processed');
      }
      return outcomes;
    });
  }
}
