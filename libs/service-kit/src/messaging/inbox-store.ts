import type { MessageContext } from './consumes.decorator';

export type InboxOutcome = 'processed' | 'duplicate';

/**
 * How the app's store keeps a message from having a second effect: chosen by
 * `MessagingModule.forPostgres()` or `forMongo()`. `deliver` runs the handler with the context its
 * store gives (a transaction, or an idempotency key) and says whether the message was new.
 */
export abstract class InboxStore {
  abstract deliver(
    context: MessageContext,
    handle: (context: MessageContext) => Promise<void>,
  ): Promise<InboxOutcome>;
}
