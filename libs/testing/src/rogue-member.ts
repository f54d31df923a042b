import { AssignerProtocol, type Consumer, type PartitionAssigner } from 'kafkajs';
import { createTopics, testKafka } from './kafka';

export interface RogueMember {
  /** The member id the broker gave the rogue. */
  memberId: string;
  /** Leaves the group (it is empty again, and any protocol may join). */
  leave(): Promise<void>;
}

/** An assignor named `protocol` that gives nobody a partition (the rogue must not steal messages). */
const noPartitions =
  (protocol: string): PartitionAssigner =>
  () => ({
    name: protocol,
    version: 1,
    async assign({ members }) {
      return members.map(({ memberId }) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 1,
          assignment: {},
          userData: Buffer.alloc(0),
        }),
      }));
    },
    protocol({ topics }) {
      return {
        name: protocol,
        metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }),
      };
    },
  });

/**
 * Joins consumer group `groupId` (subscribed to `topic`) offering only the assignment protocol
 * `protocol` (`cooperative-sticky` by default: a Java client's, which neither kafkajs nor kafka-go
 * offers, so ours cannot join beside it), taking no partitions. While it holds the group, the broker refuses
 * any joiner without that protocol (INCONSISTENT_GROUP_PROTOCOL), as it would during a rolling deploy
 * that changed the assignor, or while another tool reuses the group's name. The broker lets it in
 * only when the group is empty, so this tries again until it is in (the members gone, or their
 * sessions expired) or `timeoutMs` passes.
 */
export async function rogueMember(
  groupId: string,
  topic: string,
  { protocol = 'cooperative-sticky', timeoutMs = 30_000 }: { protocol?: string; timeoutMs?: number } = {},
): Promise<RogueMember> {
  await createTopics([topic]); // never left to broker auto-creation (one partition)
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const consumer = testKafka().consumer({
      groupId,
      partitionAssigners: [noPartitions(protocol)],
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
      retry: { retries: 0 },
    });
    try {
      const memberId = await join(consumer, topic, protocol);
      return { memberId, leave: () => consumer.disconnect() };
    } catch (error) {
      lastError = error;
      await consumer.disconnect().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(`the rogue member could not join ${groupId}: ${String(lastError)}`);
}

async function join(consumer: Consumer, topic: string, protocol: string): Promise<string> {
  const joined = new Promise<string>((resolve, reject) => {
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) =>
      payload.groupProtocol === protocol
        ? resolve(payload.memberId)
        : reject(new Error(`joined with ${payload.groupProtocol}`)),
    );
    consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  await consumer.run({ eachMessage: async () => undefined });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no join within 10 s')), 10_000);
  });
  try {
    return await Promise.race([joined, late]);
  } finally {
    clearTimeout(timer);
  }
}
