import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Admin, Kafka, type KafkaJSError, logLevel, type LogEntry } from 'kafkajs';
import { AppConfig } from '../config/app-config';
import type { KafkaEnv } from '../config/env.fragments';

const LEVELS: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
};

/** kafkajs' own log lines go through the app's JSON logger. */
function kafkaLogCreator() {
  const logger = new Logger('kafkajs');
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...fields } = log;
      // Apps starting together create the same topics; the losers' "already exists" answer is
      // expected (ensureTopics handles it, and any other creation error is thrown there).
      const expected = fields.error === 'Topic creation errors';
      logger[expected ? 'debug' : (LEVELS[level] ?? 'log')]({ ...fields }, message);
    };
}

/** One kafkajs client per app, shared by its producers, consumers and admin. */
@Injectable()
export class KafkaClient implements OnApplicationShutdown {
  readonly kafka: Kafka;
  private admin?: Promise<Admin>;

  constructor(readonly config: AppConfig<KafkaEnv>) {
    this.kafka = new Kafka({
      clientId: config.env.KAFKA_CLIENT_ID ?? config.service,
      brokers: config.env.kafkaBrokers,
      ssl: config.env.kafkaSsl,
      sasl: config.env.kafkaSasl,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator(),
      connectionTimeout: 3000,
      requestTimeout: 10000,
      retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 10000 },
    });
  }

  /** A lazily connected admin, reused (health checks must not open a connection per request). */
  async sharedAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    try {
      return await this.admin;
    } catch (error) {
      this.admin = undefined;
      throw error;
    }
  }

  /**
   * Creates missing topics (idempotent), so nothing depends on broker auto-creation, and waits until
   * every partition of every topic has a leader. Existing topics are left as they are. Several apps
   * start at once and create the same topics: a topic another app has just created is fine, but
   * until its leader is elected a subscribe or send fails ("does not host this topic-partition"),
   * so the wait covers topics this app did not create too.
   */
  async ensureTopics(topics: string[], timeoutMs = 30_000): Promise<void> {
    const wanted = [...new Set(topics)];
    if (!wanted.length) return;
    const admin = await this.sharedAdmin();
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length) {
      await admin.createTopics({
        // kafkajs' own wait gives up on "does not host this topic-partition", which a broker answers
        // for a moment after a creation: waitForLeaders below retries that.
        waitForLeaders: false,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: this.config.env.KAFKA_TOPIC_PARTITIONS,
          replicationFactor: this.config.env.KAFKA_REPLICATION_FACTOR,
        })),
      });
    }
    await this.waitForLeaders(admin, wanted, timeoutMs);
  }

  private async waitForLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let pending = topics;
    for (;;) {
      try {
        const metadata = await admin.fetchTopicMetadata({ topics: pending });
        pending = metadata.topics
          .filter(
            (t) => !t.partitions.length || t.partitions.some((p) => p.leader < 0 || p.partitionErrorCode),
          )
          .map((t) => t.name);
        if (!pending.length) return;
      } catch (error) {
        // A topic created a moment ago is unknown to the broker's metadata cache for a while.
        if (!(error as KafkaJSError).retriable || Date.now() > deadline) throw error;
      }
      if (Date.now() > deadline) {
        throw new Error(`Kafka topics still without a leader after ${timeoutMs} ms: ${pending.join(', ')}`);
      }
      await sleep(200);
    }
  }

  async onApplicationShutdown() {
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await (await admin.catch(() => undefined))?.disconnect();
  }
}
