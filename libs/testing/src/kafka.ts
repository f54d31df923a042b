import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type IHeaders, type KafkaMessage } from 'kafkajs';
import { AppConfig, KafkaClient, kafkaEnv } from '@event-tickets/service-kit';
import { uniqueName } from './apps';

export function testKafka(): Kafka {
  return new Kafka({
    clientId: 'tests',
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 10, initialRetryTime: 200 },
  });
}

/**
 * The local broker's SASL_PLAINTEXT SCRAM-SHA-512 listener and its user (scripts/stack/kafka.sh
 * creates them; the password is generated once into the stack folder).
 */
export function localScramListener(): { brokers: string; username: string; passwordFile: string } {
  const home = process.env.ET_STACK_HOME || join(homedir(), '.cache', 'event-tickets');
  const passwordFile = join(home, 'kafka', 'scram-password');
  if (!existsSync(passwordFile))
    throw new Error(
      `${passwordFile} is missing: the local Kafka predates its SCRAM listener (npm run stack -- restart kafka)`,
    );
  return { brokers: '127.0.0.1:9096', username: 'event-tickets-local', passwordFile };
}

export interface RawMessage {
  key?: string | null;
  value: string | Buffer | null;
  headers?: IHeaders;
}

/**
 * Produces messages as any producer (ours or the original's) would. Idempotent: a send retried
 * after a lost answer (a topic's leader moving just after creation) must not write the messages
 * twice, or a test counting what arrived counts duplicates its code under test never made.
 */
export async function produce(topic: string, messages: RawMessage[]): Promise<void> {
  const producer = testKafka().producer({
    allowAutoTopicCreation: true,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}

/** Creates missing topics and waits for their leaders, as the apps do (the kit's KafkaClient). */
export async function createTopics(topics: string[], partitions = 1): Promise<void> {
  const env = kafkaEnv('tests').parse({
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    KAFKA_TOPIC_PARTITIONS: String(partitions),
  });
  const client = new KafkaClient(new AppConfig('tests', env));
  try {
    await client.ensureTopics(topics);
  } finally {
    await client.onApplicationShutdown();
  }
}

export interface Received {
  topic: string;
  partition: number;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  json<T = Record<string, unknown>>(): T;
}

function toReceived(topic: string, partition: number, m: KafkaMessage): Received {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.headers ?? {}))
    if (v !== undefined) headers[k] = (Array.isArray(v) ? v[0] : v)!.toString();
  const value = m.value?.toString() ?? null;
  return {
    topic,
    partition,
    key: m.key?.toString() ?? null,
    value,
    headers,
    json: () => {
      try {
        return JSON.parse(value ?? 'null') ?? {};
      } catch {
        return {}; // a poison message on the topic: it matches no field a test looks for
      }
    },
  };
}

/**
 * Reads a topic from the beginning with a fresh group until `until(messages)` holds or the timeout
 * passes; returns what arrived (the caller asserts on it).
 */
export async function readTopic(
  topic: string,
  until: (messages: Received[]) => boolean,
  timeoutMs = 30_000,
): Promise<Received[]> {
  const consumer = testKafka().consumer({
    groupId: uniqueName('reader'),
    sessionTimeout: 10000,
    heartbeatInterval: 1000,
  });
  const received: Received[] = [];
  await createTopics([topic]); // the producer may not have created it yet
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      received.push(toReceived(topic, partition, message));
      if (until(received)) done();
    },
  });
  const timer = setTimeout(done, timeoutMs);
  if (until(received)) done();
  await finished;
  clearTimeout(timer);
  await consumer.disconnect();
  return received;
}
