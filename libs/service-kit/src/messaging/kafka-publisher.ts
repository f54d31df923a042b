import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { CompressionTypes, type Message, Partitioners, type Producer } from 'kafkajs';
import { KafkaClient } from '../kafka/kafka-client';

export interface PublishRecord {
  topic: string;
  message: Message;
}

/**
 * The app's one idempotent producer (acks = all, so a message is on every in-sync replica before
 * it counts as sent). Only the outbox relay and the dead-letter path use it: business code writes
 * messages to the outbox, never straight to Kafka.
 */
@Injectable()
export class KafkaPublisher implements OnApplicationShutdown {
  private producer?: Promise<Producer>;

  constructor(private readonly client: KafkaClient) {}

  private connected(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = this.client.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
        retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 5000 },
      });
      await producer.connect();
      return producer;
    })().catch((error) => {
      this.producer = undefined;
      throw error;
    });
    return this.producer;
  }

  /** Sends records (several topics at once), waiting for every acknowledgement. */
  async send(records: PublishRecord[]): Promise<void> {
    if (!records.length) return;
    const byTopic = new Map<string, Message[]>();
    for (const r of records) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r.message]);
    const producer = await this.connected();
    await producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }

  async onApplicationShutdown() {
    const producer = this.producer;
    this.producer = undefined;
    if (producer) await (await producer.catch(() => undefined))?.disconnect();
  }
}
