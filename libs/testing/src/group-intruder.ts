import { PartitionAssigners, type PartitionAssigner } from 'kafkajs';
import { uniqueName } from './apps';
import { createTopics, testKafka } from './kafka';

/** kafkajs' round-robin assigner under the name `range`: the apps' consumers offer only `RoundRobinAssigner`. */
const rangeOnly: PartitionAssigner = (config) => ({
  ...PartitionAssigners.roundRobin(config),
  name: 'range',
});

export interface GroupIntruder {
  /** Leaves the group (the apps' consumers can join it again). */
  leave(): Promise<void>;
}

/**
 * Joins `group` as a member offering only the assignment protocol `range` (as a tool or a client of
 * another library would), subscribed to a topic of its own so it consumes nothing of the group's.
 * While it holds the group, the broker refuses the apps' consumers with INCONSISTENT_GROUP_PROTOCOL.
 * The broker refuses it too while any other member is in the group: it then rejects with that error,
 * so the group must be empty (the apps' consumers stopped) when it joins.
 */
export async function joinWithOtherProtocol(group: string): Promise<GroupIntruder> {
  const topic = uniqueName('INTRUDER_TOPIC');
  await createTopics([topic]);
  const consumer = testKafka().consumer({
    groupId: group,
    partitionAssigners: [rangeOnly],
    sessionTimeout: 10_000,
    retry: { retries: 5, restartOnFailure: async () => false },
  });
  const joined = new Promise<void>((resolve, reject) => {
    consumer.on(consumer.events.GROUP_JOIN, () => resolve());
    consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic });
    await consumer.run({ eachMessage: async () => undefined });
    await joined;
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw error;
  }
  return { leave: () => consumer.disconnect() };
}
