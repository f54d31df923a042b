import { Injectable } from '@nestjs/common';
import type { MessageContext, MongoMessageContext } from '../consumes.decorator';
import { type InboxHandler, type InboxItem, InboxStore, type InboxOutcome } from '../inbox-store';

/** The key a MongoDB handler stores its effect under: one per consumer group and message. */
export const idempotencyKey = (context: MessageContext): string => `${context.group}:${context.messageId}`;

/**
 * No inbox table: the Mongo-wire server has no multi-document transaction to record a message id in
 * with the effect, so the handler makes its own effect idempotent (a unique key) and every delivery
 * reaches it. A handler with `handleBatch` gets a batch's messages at once (a bulk write), idempotent
 * the same way: delivered again one by one after a failure, each effect still happens once.
 */
@Injectable()
export class MongoInbox extends InboxStore {
  async deliver(
    context: MessageContext,
    handle: (context: MongoMessageContext) => Promise<void>,
  ): Promise<InboxOutcome> {
    await handle({ ...context, idempotencyKey: idempotencyKey(context) });
    return 'processed';
  }

  batches(handler: InboxHandler): boolean {
    return typeof handler.handleBatch === 'function';
  }

  async deliverBatch(items: InboxItem[], handler: InboxHandler): Promise<InboxOutcome[]> {
    await handler.handleBatch!(
      items.map(({ payload, context }) => ({
        payload,
        context: { ...context, idempotencyKey: idempotencyKey(context) } as MongoMessageContext,
      })),
    );
    return items.map(() => 'processed');
  }
}
