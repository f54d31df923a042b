import { CompressionTypes, type ProducerBatch } from 'kafkajs';
import type { KafkaClient } from '../kafka/kafka-client';
import { COMPRESS_FROM_BYTES, KafkaPublisher } from './kafka-publisher';

interface FakeProducer {
  batches: ProducerBatch[];
  disconnected: boolean;
  /** When set, each send waits for the test to settle it. */
  held?: { resolve: () => void; reject: (e: Error) => void }[];
}

/** A kafkajs client whose producers record their batches; a held producer's sends wait for the test. */
function fakeClient() {
  const producers: FakeProducer[] = [];
  const kafka = {
    producer: () => {
      const p: FakeProducer = { batches: [], disconnected: false };
      producers.push(p);
      return {
        connect: async () => undefined,
        disconnect: async () => {
          p.disconnected = true;
        },
        sendBatch: async (batch: ProducerBatch) => {
          p.batches.push(batch);
          if (p.held) await new Promise<void>((resolve, reject) => p.held!.push({ resolve, reject }));
          return [];
        },
      };
    },
  };
  return { client: { kafka } as unknown as KafkaClient, producers };
}

const record = (topic: string, value: string) => ({ topic, message: { key: 'k', value } });
const tick = () => new Promise((r) => setImmediate(r));

describe('KafkaPublisher', () => {
  it('gzip-compresses a send of COMPRESS_FROM_BYTES or more', async () => {
    const { client, producers } = fakeClient();
    const publisher = new KafkaPublisher(client);
    await publisher.send([
      record('A', 'x'.repeat(COMPRESS_FROM_BYTES / 2)),
      record('A', 'y'.repeat(COMPRESS_FROM_BYTES / 2)),
    ]);
    expect(producers[0]!.batches[0]).toMatchObject({ compression: CompressionTypes.GZIP });
  });

  it('sends every topic in one batch, acknowledged by all replicas, uncompressed while small', async () => {
    const { client, producers } = fakeClient();
    const publisher = new KafkaPublisher(client);
    await publisher.send([record('A', '1'), record('B', '2'), record('A', '3')]);
    expect(producers).toHaveLength(1);
    expect(producers[0]!.batches).toEqual([
      {
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages: [
          {
            topic: 'A',
            messages: [
              { key: 'k', value: '1' },
              { key: 'k', value: '3' },
            ],
          },
          { topic: 'B', messages: [{ key: 'k', value: '2' }] },
        ],
      },
    ]);
  });

  it('replaces the producer after a failed send, disconnecting the old one once its other sends end', async () => {
    const { client, producers } = fakeClient();
    const publisher = new KafkaPublisher(client);
    await publisher.send([record('A', '1')]);
    const first = producers[0]!;
    first.held = [];
    const failing = publisher.send([record('A', 'fails')]).catch((e: Error) => e.message);
    const slow = publisher.send([record('A', 'slow')]);
    await tick();
    expect(first.held).toHaveLength(2);

    first.held[0]!.reject(new Error('MESSAGE_TOO_LARGE'));
    expect(await failing).toBe('MESSAGE_TOO_LARGE');
    // A new send gets a fresh producer; the old one stays connected for the send still on it.
    await publisher.send([record('A', 'next')]);
    expect(producers).toHaveLength(2);
    expect(producers[1]!.batches.map((b) => b.topicMessages![0]!.messages[0]!.value)).toEqual(['next']);
    expect(first.disconnected).toBe(false);

    first.held[1]!.resolve();
    await slow;
    await tick();
    expect(first.disconnected).toBe(true);
    expect(producers[1]!.disconnected).toBe(false);
    await publisher.onApplicationShutdown();
    expect(producers[1]!.disconnected).toBe(true);
  });
});
