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

/** What every handler gets besides the payload. */
export interface MessageContext {
  messageId: string;
  metadata: MessageMetadata;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  group: string;
}

/** A PostgreSQL app's handler context: the transaction that also records the message id in the inbox. */
export interface PostgresMessageContext extends MessageContext {
  tx: Transaction;
}

/**
 * A MongoDB app's handler context. The Mongo-wire server has no multi-document transactions, so the
 * effect itself must be idempotent: store it under `idempotencyKey` (unique per consumer group and
 * message) with a unique index, and take a duplicate-key error as "already done".
 */
export interface MongoMessageContext extends MessageContext {
  idempotencyKey: string;
}

/**
 * Handles one message contract in a PostgreSQL app (`MessagingModule.forPostgres()`): `handle` runs
 * inside the transaction that records the message id, so a redelivery has no second effect.
 */
export interface PostgresMessageHandler<C extends AnyContract> {
  handle(payload: PayloadOf<C>, context: PostgresMessageContext): Promise<void>;
}

/** Handles one message contract in a MongoDB app (`MessagingModule.forMongo()`), idempotent by its own key. */
export interface MongoMessageHandler<C extends AnyContract> {
  handle(payload: PayloadOf<C>, context: MongoMessageContext): Promise<void>;
  /**
   * Optional: the valid messages of one Kafka batch at once (in partition order), e.g. in one bulk
   * write; idempotent exactly like `handle` (each item's `idempotencyKey`). When it throws, the host
   * calls `handle` for each message one at a time (a poison message goes alone to the DLQ).
   */
  handleBatch?(items: { payload: PayloadOf<C>; context: MongoMessageContext }[]): Promise<void>;
}

export const Consumes = (contract: AnyContract, options: ConsumesOptions = {}) =>
  SetMetadata(CONSUMES, { contract, options });
