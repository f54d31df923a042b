import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { CompressionTypes, type Message, Partitioners, type Producer } from 'kafkajs';
import { KafkaClient } from '../kafka/kafka-client';
import { recordBytes } from './bounded-publish';

export interface PublishRecord {
  topic: string;
  message: Message;
}

/** One producer and the sends still using it. */
interface Generation {
  producer: Promise<Producer>;
  inFlight: number;
  retired: boolean;
}

/**
 * A send of at least this many bytes is gzip-compressed (the only codec kafkajs has built in); a
 * smaller one goes as it is: compressing a few small messages costs the producer and every consumer
 * more CPU than the bytes it saves on a local network.
 */
export const COMPRESS_FROM_BYTES = 16 * 1024;

/**
 * The app's one idempotent producer (acks = all, so a message is on every in-sync replica before
 * it counts as sent), gzip-compressed from COMPRESS_FROM_BYTES. Only the outbox relay and
 * the dead-letter path use it: business code writes messages to the outbox, never straight to Kafka.
 *
 * After a failed send the producer is replaced by a fresh one (a new producer id). kafkajs rewinds
 * the sequence numbers of every partition of a failed request, also of partitions the broker did
 * write (one partition refused with MESSAGE_TOO_LARGE, the others appended); the next, differently
 * split send to those partitions would then be refused as out of order, or taken for a duplicate and
 * dropped. A fresh producer starts its sequences anew: at worst a message is written twice, which
 * consumers absorb (they deduplicate by message id).
 */
@Injectable()
export class KafkaPublisher implements OnApplicationShutdown {
  private current?: Generation;

  constructor(private readonly client: KafkaClient) {}

  private generation(): Generation {
    if (this.current && !this.current.retired) return this.current;
    const generation: Generation = { inFlight: 0, retired: false, producer: this.connect() };
    generation.producer.catch(() => this.retire(generation));
    return (this.current = generation);
  }

  private async connect(): Promise<Producer> {
    const producer = this.client.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 5000 },
    });
    await producer.connect();
    return producer;
  }

  /** No new send uses this producer; it disconnects once the sends still on it have ended. */
  private retire(generation: Generation): void {
    generation.retired = true;
    if (this.current === generation) this.current = undefined;
    if (generation.inFlight === 0) void this.disconnect(generation);
  }

  private async disconnect(generation: Generation): Promise<void> {
    await (await generation.producer.catch(() => undefined))?.disconnect().catch(() => undefined);
  }

  /** Sends records (several topics at once) in one request per broker, waiting for every acknowledgement. */
  async send(records: PublishRecord[]): Promise<void> {
    if (!records.length) return;
    const byTopic = new Map<string, Message[]>();
    let bytes = 0;
    for (const r of records) {
      byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r.message]);
      bytes += recordBytes(r);
    }
    const generation = this.generation();
    generation.inFlight += 1;
    try {
      const producer = await generation.producer;
      await producer.sendBatch({
        acks: -1,
        compression: bytes >= COMPRESS_FROM_BYTES ? CompressionTypes.GZIP : CompressionTypes.None,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    } catch (error) {
      this.retire(generation);
      throw error;
    } finally {
      generation.inFlight -= 1;
      if (generation.retired && generation.inFlight === 0) void this.disconnect(generation);
    }
  }

  async onApplicationShutdown() {
    const generation = this.current;
    this.current = undefined;
    if (generation) {
      generation.retired = true;
      await this.disconnect(generation);
    }
  }
}
