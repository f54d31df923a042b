import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { type Consumer, type KafkaMessage } from 'kafkajs';
import { deadLetterTopic, MessageHeader, type MessageMetadata, readMetadata } from '@event-tickets/contracts';
import { contextFromHeaders, inConsumerSpan } from '@event-tickets/telemetry';
import { AppConfig } from '../config/app-config';
import type { KafkaEnv } from '../config/env.fragments';
import { KafkaClient } from '../kafka/kafka-client';
import type { BackoffOptions } from '../workers/backoff';
import { retry } from '../workers/retry';
import { ConsumerSupervisor, type ConsumerGroupState } from './consumer-supervisor';
import { KAFKA_GO_ASSIGNERS } from './kafka-go-assigners';
import { ROUND_ROBIN_ASSIGNER } from './round-robin-assigner';
import { CONSUMES, type AnyContract, type ConsumesOptions, type MessageContext } from './consumes.decorator';
import { type InboxHandler, type InboxItem, InboxStore, type InboxOutcome } from './inbox-store';
import { unpublishableReason } from './bounded-publish';
import { redactDeadLetterHeaders, redactDeadLetterValue } from './dead-letter-redaction';
import { KafkaPublisher } from './kafka-publisher';
import { MessagingOptions } from './messaging-options';
import { deadLetterReason, isTransient } from './message-errors';
import { messagingMetrics } from './messaging.metrics';

interface Registration {
  contract: AnyContract;
  group: string;
  topic: string;
  /** A `@Consumes` handler as the host calls it: the context is the one its store's inbox gives. */
  handler: InboxHandler;
}

type Outcome = InboxOutcome | { deadLetter: string };

/** The wait before a failed message (or a failed dead-letter publish) is tried again. */
const RETRY_BACKOFF: BackoffOptions = { initialMs: 400, maxMs: 10_000 };

class StopRequested extends Error {}

/**
 * Runs every `@Consumes` handler of the app: one kafkajs consumer per group, reading new groups from
 * the earliest offset, committing an offset only after its message was processed, deduplicated or
 * dead-lettered. Transient failures are retried with backoff, holding the partition; invalid messages
 * go to `<TOPIC>.DLQ` with the reason in headers. A consumer that crashes is replaced (with backoff)
 * by its group's ConsumerSupervisor, which also reports the group's state.
 */
@Injectable()
export class ConsumerHost
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(ConsumerHost.name);
  private readonly supervisors: ConsumerSupervisor<Consumer>[] = [];
  private registrations: Registration[] = [];
  private stopping = false;
  private stopped?: Promise<void>;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly inbox: InboxStore,
    private readonly client: KafkaClient,
    private readonly publisher: KafkaPublisher,
    private readonly config: AppConfig<KafkaEnv>,
    private readonly options: MessagingOptions,
  ) {}

  async onApplicationBootstrap() {
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
          handler: w.instance as InboxHandler,
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

  /**
   * Consumers stop first, before anything they need (the outbox relay, the producer, the pools) is
   * closed in onApplicationShutdown: the relay publishes what their last transactions wrote.
   */
  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  /** Stops every group's consumer (committing what was handled); the same promise on every call. */
  stop(): Promise<void> {
    this.stopping = true;
    this.stopped ??= Promise.all(this.supervisors.map((s) => s.stop())).then(() => undefined);
    return this.stopped;
  }

  /** Each consumer group's state (running, or down since when), for readiness. */
  groupStates(): ConsumerGroupState[] {
    return this.supervisors.map((s) => s.state);
  }

  private async startGroup(group: string, registrations: Registration[]) {
    const supervisor = new ConsumerSupervisor({
      group,
      create: () =>
        this.client.kafka.consumer({
          groupId: group,
          sessionTimeout: this.config.env.KAFKA_SESSION_TIMEOUT_MS,
          heartbeatInterval: 3000,
          // kafkajs' own protocol first (a group of ours, or of ours and kafkajs services, keeps
          // it); kafka-go's next, so ours also join groups the original's Go services are in.
          partitionAssigners: [ROUND_ROBIN_ASSIGNER, ...KAFKA_GO_ASSIGNERS],
          // The supervisor restarts every crashed consumer, whatever the error; kafkajs restarting
          // some of them by itself as well would run two consumers for one group.
          retry: {
            retries: Number.MAX_SAFE_INTEGER,
            initialRetryTime: 300,
            maxRetryTime: 10000,
            restartOnFailure: async () => false,
          },
        }),
      start: (consumer) => this.run(consumer, group, registrations),
    });
    this.supervisors.push(supervisor);
    await supervisor.start();
    this.logger.log({ group, topics: registrations.map((r) => r.topic) }, 'consumer started');
  }

  private async run(consumer: Consumer, group: string, registrations: Registration[]) {
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
        const running = () => isRunning() && !this.stopping;
        const done = async (message: KafkaMessage) => {
          resolveOffset(message.offset);
          messagingMetrics.lag.set(
            { topic: batch.topic, partition: String(batch.partition), group },
            Math.max(0, Number(batch.highWatermark) - 1 - Number(message.offset)),
          );
          await commitOffsetsIfNecessary();
          await heartbeat();
        };
        const size = this.config.env.KAFKA_CONSUMER_BATCH_SIZE;
        for (let start = 0; start < batch.messages.length; start += size) {
          if (!isRunning() || isStale() || this.stopping) break;
          const unit = batch.messages.slice(start, start + size);
          if (unit.length > 1 && (await this.processTogether(registration, batch.partition, unit))) {
            await done(unit[unit.length - 1]!);
            continue;
          }
          for (const message of unit) {
            if (!isRunning() || isStale() || this.stopping) return;
            await this.processWithRetry(registration, batch.partition, message, heartbeat, running);
            await done(message);
          }
        }
      },
    });
  }

  /**
   * Handles several messages of one partition as one unit, once (one transaction, or the handler's
   * bulk write): true when every message took effect (or was a duplicate). False when the store cannot
   * batch for this handler, a message is not valid (it must reach the dead-letter topic on its own), or
   * the unit failed: nothing of it took effect, and the caller handles the same messages one at a
   * time, with their retries and dead letters.
   */
  private async processTogether(
    r: Registration,
    partition: number,
    messages: KafkaMessage[],
  ): Promise<boolean> {
    if (!this.inbox.batches(r.handler)) return false;
    const items: InboxItem[] = [];
    for (const message of messages) {
      const metadata = readMetadata(message.headers, message.key);
      const parsed = metadata && r.contract.parse(message.value ?? '');
      if (!metadata || !parsed?.ok) return false;
      items.push({ payload: parsed.payload, context: this.contextOf(r, partition, message, metadata) });
    }
    const labels = { topic: r.topic, group: r.group };
    let outcomes: InboxOutcome[];
    try {
      outcomes = await this.inbox.deliverBatch(items, {
        handle: (payload, context) =>
          inConsumerSpan(r.topic, contextFromHeaders(context.metadata), this.spanAttributes(context), () =>
            r.handler.handle(payload, context),
          ),
        handleBatch: r.handler.handleBatch?.bind(r.handler),
      });
    } catch (error) {
      messagingMetrics.batches.inc({ ...labels, outcome: 'fallback' });
      this.logger.warn(
        { err: error, topic: r.topic, partition, from: messages[0]!.offset, count: messages.length },
        'batch failed as a whole: handling its messages one at a time',
      );
      return false;
    }
    messagingMetrics.batches.inc({ ...labels, outcome: 'committed' });
    for (const outcome of outcomes) messagingMetrics.consumed.inc({ ...labels, outcome });
    return true;
  }

  /**
   * Processes one message until it is done: transient failures are retried without limit (the offset
   * waits), other failures up to KAFKA_MAX_HANDLER_ATTEMPTS, then the message is dead-lettered (that
   * publish is tried KAFKA_DEAD_LETTER_ATTEMPTS times; after that the failure is logged and counted, and the
   * partition moves on). Throws only when the consumer stops meanwhile.
   */
  private async processWithRetry(
    r: Registration,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
    running: () => boolean,
  ): Promise<void> {
    const labels = { topic: r.topic, group: r.group };
    await this.keepingMembership(heartbeat, running, async (signal) => {
      const result = await retry(
        async (attempt) => {
          try {
            return await this.process(r, partition, message);
          } catch (error) {
            const reason = deadLetterReason(error, attempt, this.config.env.KAFKA_MAX_HANDLER_ATTEMPTS);
            if (reason === undefined) throw error;
            return { deadLetter: reason };
          }
        },
        {
          signal,
          backoff: RETRY_BACKOFF,
          onRetry: (error, attempt, retryInMs) => {
            messagingMetrics.retried.inc(labels);
            this.logger.warn(
              {
                err: error,
                topic: r.topic,
                partition,
                offset: message.offset,
                attempt,
                transient: isTransient(error),
                retryInMs,
              },
              'message failed, will retry',
            );
          },
        },
      );
      if (typeof result === 'string') {
        messagingMetrics.consumed.inc({ ...labels, outcome: result });
        return;
      }
      try {
        await retry(() => this.deadLetter(r, partition, message, result.deadLetter), {
          signal,
          backoff: RETRY_BACKOFF,
          attempts: this.config.env.KAFKA_DEAD_LETTER_ATTEMPTS,
          onRetry: (error, attempt) =>
            this.logger.warn({ err: error, attempt }, 'dead-letter publish failed, will retry'),
        });
      } catch (error) {
        if (signal.aborted) throw error;
        this.logger.error(
          { err: error, topic: r.topic, partition, offset: message.offset, reason: result.deadLetter },
          'dead letter could not be published: the message is skipped (it stays at its offset in the topic)',
        );
        messagingMetrics.consumed.inc({ ...labels, outcome: 'dead_letter_failed' });
        return;
      }
      messagingMetrics.consumed.inc({ ...labels, outcome: 'dead_lettered' });
    });
  }

  /**
   * Runs `work` while keeping the group membership alive (a heartbeat every second, also while
   * retries wait); its signal aborts once the consumer stops, and then the message is left
   * uncommitted for the next owner of the partition.
   */
  private async keepingMembership(
    heartbeat: () => Promise<void>,
    running: () => boolean,
    work: (signal: AbortSignal) => Promise<void>,
  ): Promise<void> {
    const stop = new AbortController();
    const timer = setInterval(() => {
      if (!running()) stop.abort();
      else void heartbeat().catch(() => undefined);
    }, 1000);
    try {
      await work(stop.signal);
    } catch (error) {
      if (stop.signal.aborted) throw new StopRequested('consumer stopping');
      throw error;
    } finally {
      clearInterval(timer);
    }
  }

  private async process(r: Registration, partition: number, message: KafkaMessage): Promise<Outcome> {
    const metadata = readMetadata(message.headers, message.key);
    if (!metadata) return { deadLetter: 'message has neither a message-id header nor a key' };
    const parsed = r.contract.parse(message.value ?? '');
    if (!parsed.ok) {
      this.logger.warn(
        { topic: r.topic, messageId: metadata.messageId, reason: parsed.reason },
        'invalid message dead-lettered',
      );
      return { deadLetter: parsed.reason };
    }
    const context = this.contextOf(r, partition, message, metadata);
    return inConsumerSpan(r.topic, contextFromHeaders(metadata), this.spanAttributes(context), async () => {
      const outcome = await this.inbox.deliver(context, (ctx) => r.handler.handle(parsed.payload, ctx));
      if (outcome === 'duplicate')
        this.logger.debug({ topic: r.topic, messageId: metadata.messageId }, 'duplicate skipped');
      return outcome;
    });
  }

  private contextOf(
    r: Registration,
    partition: number,
    message: KafkaMessage,
    metadata: MessageMetadata,
  ): MessageContext {
    return {
      messageId: metadata.messageId,
      metadata,
      topic: r.topic,
      partition,
      offset: message.offset,
      key: message.key?.toString() ?? null,
      group: r.group,
    };
  }

  private spanAttributes(context: MessageContext) {
    return {
      'messaging.message.id': context.messageId,
      'messaging.consumer.group.name': context.group,
      'messaging.kafka.offset': context.offset,
    };
  }

  /**
   * Publishes the dead letter, secrets held in clear redacted (dead-letter-redaction.ts); one Kafka
   * refuses (too large for the dead-letter topic, ...) goes again without its value, the reason saying
   * so, so the DLQ always takes it (the original stays at its offset in the topic).
   */
  private async deadLetter(r: Registration, partition: number, message: KafkaMessage, reason: string) {
    const redacted = redactDeadLetterValue(message.value);
    if (redacted.note) reason = `${reason.slice(0, 1700)} (${redacted.note})`;
    const letter = (value: Buffer | null, why: string) => ({
      topic: deadLetterTopic(r.topic),
      message: {
        key: message.key,
        value,
        headers: {
          ...redactDeadLetterHeaders(message.headers),
          [MessageHeader.dlqReason]: why.slice(0, 2000),
          [MessageHeader.dlqOriginalTopic]: r.topic,
          [MessageHeader.dlqOriginalPartition]: String(partition),
          [MessageHeader.dlqOriginalOffset]: message.offset,
          [MessageHeader.dlqConsumerGroup]: r.group,
        },
      },
    });
    try {
      await this.publisher.send([letter(redacted.value, reason)]);
    } catch (error) {
      const refused = unpublishableReason(error);
      if (refused === undefined) throw error;
      const size = redacted.value?.length ?? 0;
      await this.publisher.send([
        letter(null, `${reason.slice(0, 1500)} (value of ${size} bytes left out: ${refused.slice(0, 300)})`),
      ]);
    }
  }
}
