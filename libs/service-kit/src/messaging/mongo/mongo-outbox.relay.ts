import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Model } from 'mongoose';
import { contextFromHeaders, inProducerSpan } from '@event-tickets/telemetry';
import { AppConfig } from '../../config/app-config';
import type { KafkaEnv } from '../../config/env.fragments';
import { KafkaPublisher } from '../kafka-publisher';
import { messagingMetrics } from '../messaging.metrics';
import type { OutgoingMessage } from '../outgoing-message';
import { type StoredOutboxEntry, toStoredEntries } from './mongo-outbox';

const LEASE_MS = 30_000;

// Collections of any app document that embeds the outbox fields.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type OutboxModel = Model<any>;

interface OutboxDocument {
  _id: string;
  outbox: StoredOutboxEntry[];
}

/**
 * Publishes messages stored inside documents (see mongo-outbox.ts). A document is claimed with a
 * lease (`findOneAndUpdate`), so several replicas can relay; its messages are published in the order
 * they were written, then pulled out of it.
 */
@Injectable()
export class MongoOutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MongoOutboxRelay.name);
  private readonly models: OutboxModel[] = [];
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private kicked = false;

  constructor(
    private readonly publisher: KafkaPublisher,
    private readonly config: AppConfig<KafkaEnv>,
  ) {}

  /** A model whose documents may carry outbox entries (call from the owning module's onModuleInit). */
  watch(model: OutboxModel): void {
    this.models.push(model);
  }

  /** The `$push`/`$set` to merge into the single-document write that causes the messages. */
  entries(messages: OutgoingMessage[]) {
    const stored = toStoredEntries(messages, (m) => this.config.env[m.topicVariable], this.config.service);
    return { push: { outbox: { $each: stored } }, set: { outboxPending: true } };
  }

  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  onApplicationBootstrap() {
    if (!this.models.length) return;
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown() {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run() {
    let failures = 0;
    while (this.running) {
      let published = 0;
      try {
        for (const model of this.models) published += await this.publishFrom(model);
        failures = 0;
      } catch (error) {
        failures += 1;
        messagingMetrics.publishFailures.inc();
        this.logger.warn({ err: error, failures }, 'mongo outbox relay: publish failed, will retry');
      }
      if (published > 0 && !failures) continue;
      const wait = failures
        ? Math.min(10_000, 250 * 2 ** Math.min(failures, 6))
        : this.config.env.OUTBOX_POLL_INTERVAL_MS;
      if (this.kicked && !failures) {
        this.kicked = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wake = () => {
          clearTimeout(timer);
          this.wake = undefined;
          this.kicked = false;
          resolve();
        };
      });
    }
  }

  /** Claims and publishes up to a batch of documents of one collection. */
  async publishFrom(model: OutboxModel, limit = 100): Promise<number> {
    let count = 0;
    for (let i = 0; i < limit; i += 1) {
      const now = new Date();
      const doc = (await model
        .findOneAndUpdate(
          { outboxPending: true, $or: [{ outboxLockedUntil: null }, { outboxLockedUntil: { $lt: now } }] },
          { $set: { outboxLockedUntil: new Date(now.getTime() + LEASE_MS) } },
          { new: true, sort: { _id: 1 } },
        )
        .lean()
        .exec()) as OutboxDocument | null;
      if (!doc) break;
      const entries = doc.outbox ?? [];
      if (entries.length) {
        await inProducerSpan(entries[0]!.topic, contextFromHeaders(entries[0]!.headers), () =>
          this.publisher.send(
            entries.map((e) => ({
              topic: e.topic,
              message: { key: e.key, value: JSON.stringify(e.payload), headers: e.headers },
            })),
          ),
        ).catch(async (error) => {
          await model
            .updateOne({ _id: doc._id }, { $set: { outboxLockedUntil: new Date(Date.now() + 1000) } })
            .exec();
          throw error;
        });
        for (const e of entries) messagingMetrics.published.inc({ topic: e.topic });
      }
      // `$pullAll` with the exact entries read: FerretDB 1.24 ignores `$pull` with a condition.
      await model
        .updateOne({ _id: doc._id }, { $pullAll: { outbox: entries }, $unset: { outboxLockedUntil: 1 } })
        .exec();
      await model
        .updateOne({ _id: doc._id, outbox: { $size: 0 } }, { $set: { outboxPending: false } })
        .exec();
      count += entries.length;
    }
    return count;
  }
}
