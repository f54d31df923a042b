import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ModuleRef } from '@nestjs/core';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { DataSource } from 'typeorm';
import { deadLetterTopic, MessageHeader, readMetadata } from '@event-tickets/contracts';
import { contextFromHeaders, inConsumerSpan } from '@event-tickets/telemetry';
import { AppConfig } from '../config/app-config';
import type { KafkaEnv } from '../config/env.fragments';
import { KafkaClient } from '../kafka/kafka-client';
import {
  CONSUMES,
  type AnyContract,
  type ConsumesOptions,
  type MessageContext,
  type MessageHandler,
} from './consumes.decorator';
import { KafkaPublisher } from './kafka-publisher';
import { MessagingOptions } from './messaging-options';
import { isTransient, PermanentMessageError } from './message-errors';
import { messagingMetrics } from './messaging.metrics';
import { UnitOfWork } from './postgres/unit-of-work';

interface Registration {
  contract: AnyContract;
  group: string;
  topic: string;
  handler: MessageHandler<AnyContract>;
}

type Outcome = 'processed' | 'duplicate' | 'dead_lettered';

class StopRequested extends Error {}

/**
 * Runs every `@Consumes` handler of the app: one kafkajs consumer per group, reading new groups from
 * the earliest offset, committing an offset only after its message was processed, deduplicated or
 * dead-lettered. Transient failures are retried with backoff, holding the partition; invalid messages
 * go to `<TOPIC>.DLQ` with the reason in headers.
 */
@Injectable()
export class ConsumerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ConsumerHost.name);
  private readonly consumers: Consumer[] = [];
  private registrations: Registration[] = [];
  private store?: { dataSource: DataSource; unitOfWork: UnitOfWork };
  private stopping = false;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly moduleRef: ModuleRef,
    private readonly client: KafkaClient,
    private readonly publisher: KafkaPublisher,
    private readonly config: AppConfig<KafkaEnv>,
    private readonly options: MessagingOptions,
  ) {}

  /** The PostgreSQL inbox, when the app has a DataSource (else handlers are idempotent by their own key). */
  private inbox(): { dataSource: DataSource; unitOfWork: UnitOfWork } | undefined {
    try {
      return {
        dataSource: this.moduleRef.get(DataSource, { strict: false }),
        unitOfWork: this.moduleRef.get(UnitOfWork, { strict: false }),
      };
    } catch {
      return undefined;
    }
  }

  async onApplicationBootstrap() {
    this.store = this.inbox();
    this.registrations = this.discovery
      .getProviders()
      .filter((w) => w.metatype && w.instance && Reflect.getMetadata(CONSUMES, w.metatype))
      .map((w) => {
        const { contract, options } = Reflect.getMetadata(CONSUMES, w.metatype!) as {
          contract: AnyContract;
          options: ConsumesOptions;
        };
        return {
          contract,
          group:
            typeof options.group === 'function'
              ? options.group(this.config.env as unknown as Record<string, unknown>)
              : (options.group ?? this.config.env.KAFKA_GROUP_ID),
          topic: this.config.env[contract.topic],
          handler: w.instance as MessageHandler<AnyContract>,
        };
      });
    // Topics are created here (idempotently), never left to broker auto-creation: the ones this
    // app publishes, and the ones it consumes with their dead-letter topics.
    const produced = this.options.produces.map((c) => this.config.env[c.topic]);
    const consumed = this.registrations.flatMap((r) => [r.topic, deadLetterTopic(r.topic)]);
    if (produced.length || consumed.length) await this.client.ensureTopics([...produced, ...consumed]);
    if (!this.registrations.length) return;
    const groups = new Map<string, Registration[]>();
    for (const r of this.registrations) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
    for (const [group, registrations] of groups) await this.startGroup(group, registrations);
  }

  async onApplicationShutdown() {
    this.stopping = true;
    await Promise.all(this.consumers.map((c) => c.disconnect().catch(() => undefined)));
  }

  private async startGroup(group: string, registrations: Registration[]) {
    const consumer = this.client.kafka.consumer({
      groupId: group,
      sessionTimeout: this.config.env.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatInterval: 3000,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 10000 },
    });
    this.consumers.push(consumer);
    await consumer.connect();
    for (const r of registrations) await consumer.subscribe({ topic: r.topic, fromBeginning: true });
    const byTopic = new Map(registrations.map((r) => [r.topic, r]));
    await consumer.run({
      partitionsConsumedConcurrently: this.config.env.KAFKA_CONSUMER_CONCURRENCY,
      eachBatchAutoResolve: false,
      autoCommitInterval: 1000,
      eachBatch: async ({
        batch,
        resolveOffset,
        heartbeat,
        isRunning,
        isStale,
        commitOffsetsIfNecessary,
      }) => {
        const registration = byTopic.get(batch.topic)!;
        for (const message of batch.messages) {
          if (!isRunning() || isStale() || this.stopping) break;
          await this.processWithRetry(
            registration,
            batch.partition,
            message,
            heartbeat,
            () => isRunning() && !this.stopping,
          );
          resolveOffset(message.offset);
          messagingMetrics.lag.set(
            { topic: batch.topic, partition: String(batch.partition), group },
            Math.max(0, Number(batch.highWatermark) - 1 - Number(message.offset)),
          );
          await commitOffsetsIfNecessary();
          await heartbeat();
        }
      },
    });
    this.logger.log({ group, topics: registrations.map((r) => r.topic) }, 'consumer started');
  }

  private async processWithRetry(
    r: Registration,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
    running: () => boolean,
  ): Promise<void> {
    const labels = { topic: r.topic, group: r.group };
    for (let attempt = 1; ; attempt += 1) {
      try {
        const outcome = await this.process(r, partition, message);
        messagingMetrics.consumed.inc({ ...labels, outcome });
        return;
      } catch (error) {
        const transient = isTransient(error);
        if (
          !transient &&
          (error instanceof PermanentMessageError || attempt >= this.config.env.KAFKA_MAX_HANDLER_ATTEMPTS)
        ) {
          const reason =
            error instanceof PermanentMessageError
              ? error.message
              : `handler failed ${attempt} times: ${(error as Error).message}`;
          await this.untilDone(() => this.deadLetter(r, partition, message, reason), heartbeat, running);
          messagingMetrics.consumed.inc({ ...labels, outcome: 'dead_lettered' });
          return;
        }
        messagingMetrics.retried.inc(labels);
        const delay = Math.min(10_000, 200 * 2 ** Math.min(attempt, 6));
        this.logger.warn(
          {
            err: error,
            topic: r.topic,
            partition,
            offset: message.offset,
            attempt,
            transient,
            retryInMs: delay,
          },
          'message failed, will retry',
        );
        await this.pause(delay, heartbeat, running);
      }
    }
  }

  /** Retries an infrastructure step (the dead-letter produce) until it succeeds or we stop. */
  private async untilDone(step: () => Promise<void>, heartbeat: () => Promise<void>, running: () => boolean) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await step();
      } catch (error) {
        this.logger.warn({ err: error, attempt }, 'dead-letter publish failed, will retry');
        await this.pause(Math.min(10_000, 200 * 2 ** Math.min(attempt, 6)), heartbeat, running);
      }
    }
  }

  /** Waits, keeping the group membership alive; aborts (without committing) when stopping. */
  private async pause(ms: number, heartbeat: () => Promise<void>, running: () => boolean) {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (!running()) throw new StopRequested('consumer stopping');
      await new Promise((r) => setTimeout(r, Math.min(1000, until - Date.now())));
      await heartbeat().catch(() => undefined);
    }
  }

  private async process(r: Registration, partition: number, message: KafkaMessage): Promise<Outcome> {
    const metadata = readMetadata(message.headers, message.key);
    if (!metadata) {
      await this.deadLetter(r, partition, message, 'message has neither a message-id header nor a key');
      return 'dead_lettered';
    }
    const parsed = r.contract.parse(message.value ?? '');
    if (!parsed.ok) {
      this.logger.warn(
        { topic: r.topic, messageId: metadata.messageId, reason: parsed.reason },
        'invalid message dead-lettered',
      );
      await this.deadLetter(r, partition, message, parsed.reason);
      return 'dead_lettered';
    }
    const context: MessageContext = {
      messageId: metadata.messageId,
      metadata,
      topic: r.topic,
      partition,
      offset: message.offset,
      key: message.key?.toString() ?? null,
      group: r.group,
    };
    return inConsumerSpan(
      r.topic,
      contextFromHeaders(metadata),
      {
        'messaging.message.id': metadata.messageId,
        'messaging.consumer.group.name': r.group,
        'messaging.kafka.offset': message.offset,
      },
      async () => {
        const inbox = this.store;
        if (!inbox) {
          await r.handler.handle(parsed.payload, context);
          return 'processed';
        }
        let wrote = false;
        const outcome = await inbox.dataSource.transaction(async (manager) => {
          const inserted: unknown[] = await manager.query(
            `INSERT INTO inbox_messages (consumer_group, message_id, topic) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING RETURNING message_id`,
            [r.group, metadata.messageId, r.topic],
          );
          if (!inserted.length) return 'duplicate' as const;
          const tx = inbox.unitOfWork.transactionOf(manager, () => (wrote = true));
          await r.handler.handle(parsed.payload, { ...context, tx });
          return 'processed' as const;
        });
        if (wrote) inbox.unitOfWork.kickRelay();
        if (outcome === 'duplicate')
          this.logger.debug({ topic: r.topic, messageId: metadata.messageId }, 'duplicate skipped');
        return outcome;
      },
    );
  }

  private async deadLetter(r: Registration, partition: number, message: KafkaMessage, reason: string) {
    await this.publisher.send([
      {
        topic: deadLetterTopic(r.topic),
        message: {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            [MessageHeader.dlqReason]: reason.slice(0, 2000),
            [MessageHeader.dlqOriginalTopic]: r.topic,
            [MessageHeader.dlqOriginalPartition]: String(partition),
            [MessageHeader.dlqOriginalOffset]: message.offset,
            [MessageHeader.dlqConsumerGroup]: r.group,
          },
        },
      },
    ]);
  }
}
