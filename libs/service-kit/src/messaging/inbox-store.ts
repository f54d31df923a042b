import type { MessageContext } from './consumes.decorator';

export type InboxOutcome = 'processed' | 'duplicate';

/** A `@Consumes` handler as a store calls it: one message, or (optionally) several at once. */
export interface InboxHandler {
  handle(payload: unknown, context: MessageContext): Promise<void>;
  handleBatch?(items: { payload: unknown; context: MessageContext }[]): Promise<void>;
}

/** One message of a unit delivered together. */
export interface InboxItem {
  payload: unknown;
  context: MessageContext;
}

/**
 * How the app's store keeps a message from having a second effect: chosen by
 * `MessagingModule.forPostgres()` or `forMongo()`. `deliver` runs the handler with the context its
 * store gives (a transaction, or an idempotency key) and says whether the message was new.
 *
 * `deliverBatch` delivers several messages of one partition, in order, as one unit: every effect or
 * none. A store that cannot do that for this handler answers `undefined` from `batches`, and the host
 * delivers one message at a time; when `deliverBatch` throws, the host delivers the same messages one
 * at a time, so a failing message ends up alone (retried, or dead-lettered) and nothing is doubled.
 */
export abstract class InboxStore {
  abstract deliver(
    context: MessageContext,
    handle: (context: MessageContext) => Promise<void>,
  ): Promise<InboxOutcome>;

  /** Whether this store can deliver several messages to `handler` as one unit. */
  abstract batches(handler: InboxHandler): boolean;

  abstract deliverBatch(items: InboxItem[], handler: InboxHandler): Promise<InboxOutcome[]>;
}
