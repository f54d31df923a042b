import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig, KafkaClient, kafkaEnv } from '@event-tickets/service-kit';
import { testKafka, uniqueName } from '@event-tickets/testing';

/** A kafkajs client as an app builds it, from its validated environment. */
function client(service: string): KafkaClient {
  const env = kafkaEnv(service).parse({
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    KAFKA_TOPIC_PARTITIONS: '3',
  });
  return new KafkaClient(new AppConfig(service, env));
}

describe('topic provisioning when several apps start at once (Kafka)', () => {
  const clients = ['users', 'payments', 'clients', 'tickets'].map(client);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.onApplicationShutdown()));
  });

  it('every app may create the same new topics at the same moment, and may use them as soon as it returns', async () => {
    for (let round = 0; round < 10; round++) {
      const topics = [1, 2, 3, 4, 5, 6].map((i) => uniqueName(`RACE_${round}_${i}_TOPIC`));
      // Each app subscribes right after its own ensureTopics, as ConsumerHost does at start-up; a topic
      // another app created a moment earlier, still without a leader, used to fail the subscribe.
      await Promise.all(
        clients.map(async (c, i) => {
          await sleep(i * 15 * (round % 3)); // apps start a little apart, or at the same moment
          await c.ensureTopics(topics);
          const consumer = c.kafka.consumer({ groupId: uniqueName(`race-${i}`) });
          await consumer.connect();
          try {
            await consumer.subscribe({ topics, fromBeginning: true });
          } finally {
            await consumer.disconnect();
          }
        }),
      );
      const admin = testKafka().admin();
      await admin.connect();
      try {
        const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
        expect(
          metadata.map((t) => [t.name, t.partitions.filter((p) => p.leader >= 0).length]).sort(),
        ).toEqual(topics.map((t) => [t, 3]).sort());
      } finally {
        await admin.disconnect();
      }
    }
  });
});
