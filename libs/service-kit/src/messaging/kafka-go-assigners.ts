import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

/** kafka-go v0.4.x's two default group balancers. */
export type KafkaGoProtocol = 'range' | 'roundrobin';

/** One member as the leader sees it: its id and the topics it subscribed to. */
export interface GroupMemberTopics {
  memberId: string;
  topics: string[];
}

/** member id → topic → partitions. */
export type GroupAssignment = Record<string, Record<string, number[]>>;

const VERSION = 1;

const owns: Record<
  KafkaGoProtocol,
  (member: number, members: number, index: number, count: number) => boolean
> = {
  range: (member, members, index, count) =>
    index >= Math.floor((member * count) / members) && index < Math.floor(((member + 1) * count) / members),
  roundrobin: (member, members, index) => index % members === member,
};

/** kafka-go's balancer `protocol` as a pure function: every member gets an entry, maybe empty. */
export function assignLikeKafkaGo(
  protocol: KafkaGoProtocol,
  members: GroupMemberTopics[],
  partitionsOf: (topic: string) => number[],
): GroupAssignment {
  const assignment: GroupAssignment = {};
  for (const { memberId } of members) assignment[memberId] = {};
  const topics = [...new Set(members.flatMap((m) => m.topics))];
  for (const topic of topics) {
    const subscribers = members
      .filter((m) => m.topics.includes(topic))
      .map((m) => m.memberId)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const partitions = [...partitionsOf(topic)].sort((a, b) => a - b);
    subscribers.forEach((memberId, member) => {
      const mine = partitions.filter((_, index) =>
        owns[protocol](member, subscribers.length, index, partitions.length),
      );
      if (mine.length) assignment[memberId]![topic] = mine;
    });
  }
  return assignment;
}

const kafkaGoAssigner =
  (protocol: KafkaGoProtocol): PartitionAssigner =>
  ({ cluster }) => ({
    name: protocol,
    version: VERSION,
    async assign({ members }) {
      const decoded = members.map(({ memberId, memberMetadata }) => ({
        memberId,
        topics: AssignerProtocol.MemberMetadata.decode(memberMetadata)?.topics ?? [],
      }));
      const assignment = assignLikeKafkaGo(protocol, decoded, (topic) =>
        cluster.findTopicPartitionMetadata(topic).map((p) => p.partitionId),
      );
      return Object.entries(assignment).map(([memberId, topics]) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: VERSION,
          assignment: topics,
          userData: Buffer.alloc(0),
        }),
      }));
    },
    protocol({ topics }) {
      return {
        name: protocol,
        metadata: AssignerProtocol.MemberMetadata.encode({
          version: VERSION,
          topics,
          userData: Buffer.alloc(0),
        }),
      };
    },
  });

/**
 * The assignment protocols the original's Go services offer: kafka-go's default group balancers,
 * `range` then `roundrobin` (in that order of preference). Our consumers offer them too, after
 * kafkajs' own `RoundRobinAssigner`, so they can share a consumer group with kafka-go members
 * (during a rolling replacement, or while the broker keeps a stopped Go member for its session)
 * instead of being refused with INCONSISTENT_GROUP_PROTOCOL.
 *
 * The broker picks a protocol every member offers, by vote of each member's first offered choice:
 * ours alone (or with kafkajs members) keep `RoundRobinAssigner`; ours with kafka-go members vote
 * `range` like those do, so the group settles on `range` whichever member leads it.
 *
 * Whoever leads computes every member's share, so these compute exactly what kafka-go's balancers
 * compute: per topic, its members sorted by member id, its partitions in id order; `range` gives
 * member i the partitions [i*P/M, (i+1)*P/M), `roundrobin` the partitions whose index is i mod M.
 * Member metadata and assignments are the standard consumer-protocol encoding (version 1, no user
 * data) that kafka-go writes and reads; kafka-go refuses metadata with trailing bytes, so nothing
 * else is appended.
 */
export const KAFKA_GO_ASSIGNERS: PartitionAssigner[] = [
  kafkaGoAssigner('range'),
  kafkaGoAssigner('roundrobin'),
];
