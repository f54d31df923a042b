import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type Admin, Kafka, logLevel, type LogEntry } from 'kafkajs';
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
      logger[LEVELS[level] ?? 'log']({ ...fields }, message);
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
   * Creates missing topics (idempotent), so nothing depends on broker auto-creation.
   * Existing topics are left as they are.
   */
  async ensureTopics(topics: string[]): Promise<void> {
    const admin = await this.sharedAdmin();
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(topics)].filter((t) => !existing.has(t));
    if (!missing.length) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic,
        numPartitions: this.config.env.KAFKA_TOPIC_PARTITIONS,
        replicationFactor: this.config.env.KAFKA_REPLICATION_FACTOR,
      })),
    });
  }

  async onApplicationShutdown() {
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await (await admin.catch(() => undefined))?.disconnect();
  }
}
