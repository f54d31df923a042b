import { SetMetadata } from '@nestjs/common';
import type { MessageContract, MessageMetadata, PayloadOf } from '@event-tickets/contracts';
import type { z } from 'zod';
import type { Transaction } from './postgres/unit-of-work';

export type AnyContract = MessageContract<z.ZodTypeAny>;

export const CONSUMES = Symbol('event-tickets:consumes');

export interface ConsumesOptions {
  /**
   * The consumer group; defaults to the app's KAFKA_GROUP_ID. The original's groups are kept by naming
   * them; a function of the app's validated env lets a deployment (or a test) rename a fixed group.
   */
  group?: string | ((env: Record<string, unknown>) => string);
}

/** What a handler gets besides the payload. */
export interface MessageContext {
  messageId: string;
  metadata: MessageMetadata;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  group: string;
  /** PostgreSQL apps: the transaction that also records the message id in the inbox. */
  tx?: Transaction;
}

/**
 * A class that handles one message contract. In a PostgreSQL app `handle` runs inside the transaction
 * that records the message id, so a redelivery has no second effect. In a MongoDB app the handler
 * itself must be idempotent (a unique key on the effect's document).
 */
export interface MessageHandler<C extends AnyContract> {
  handle(payload: PayloadOf<C>, context: MessageContext): Promise<void>;
}

export const Consumes = (contract: AnyContract, options: ConsumesOptions = {}) =>
  SetMetadata(CONSUMES, { contract, options });
