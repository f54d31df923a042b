import { AssignerProtocol, type Cluster, PartitionAssigners } from 'kafkajs';
import type { GroupAssignment } from './kafka-go-assigners';
import { assignRoundRobin, ROUND_ROBIN_ASSIGNER } from './round-robin-assigner';

const partitions = (n: number) => Array.from({ length: n }, (_, i) => i);
const counts: Record<string, number> = { SEND_TICKET_TOPIC: 3, PAYMENT_REFUNDED_TOPIC: 3, ONE: 1 };
const cluster = {
  findTopicPartitionMetadata: (topic: string) =>
    partitions(counts[topic]!).map((partitionId) => ({ partitionId })),
} as unknown as Cluster;

/** What an assigner hands out, decoded, for members with their subscriptions. */
async function run(
  assigner: typeof ROUND_ROBIN_ASSIGNER,
  members: { memberId: string; topics: string[] }[],
): Promise<GroupAssignment> {
  const instance = assigner({ cluster, groupId: 'g', logger: console as never });
  const result = await instance.assign({
    members: members.map(({ memberId, topics }) => ({
      memberId,
      memberMetadata: AssignerProtocol.MemberMetadata.encode({
        version: 0,
        topics,
        userData: Buffer.alloc(0),
      }),
    })),
    topics: [...new Set(members.flatMap((m) => m.topics))],
  });
  const out: GroupAssignment = {};
  for (const { memberId, memberAssignment } of result)
    out[memberId] = { ...AssignerProtocol.MemberAssignment.decode(memberAssignment)!.assignment };
  return out;
}

describe('round robin by subscription (RoundRobinAssigner)', () => {
  it("deals exactly as kafkajs' own when every member reads the same topics", async () => {
    for (const memberCount of [1, 2, 3, 5]) {
      const members = Array.from({ length: memberCount }, (_, i) => ({
        memberId: `tickets-${i}`,
        topics: ['SEND_TICKET_TOPIC', 'PAYMENT_REFUNDED_TOPIC', 'ONE'],
      }));
      const ours = await run(ROUND_ROBIN_ASSIGNER, members);
      const theirs = await run(PartitionAssigners.roundRobin, members);
      for (const { memberId } of members) expect(ours[memberId] ?? {}).toEqual(theirs[memberId] ?? {});
    }
  });

  it("never hands a member a topic it does not read (the original's tickets beside ours)", async () => {
    const members = [
      { memberId: 'a-original-tickets', topics: ['SEND_TICKET_TOPIC'] },
      { memberId: 'b-our-tickets', topics: ['SEND_TICKET_TOPIC', 'PAYMENT_REFUNDED_TOPIC'] },
    ];
    const ours = await run(ROUND_ROBIN_ASSIGNER, members);
    expect(ours['a-original-tickets']).toEqual({ SEND_TICKET_TOPIC: [0, 2] });
    expect(ours['b-our-tickets']).toEqual({ SEND_TICKET_TOPIC: [1], PAYMENT_REFUNDED_TOPIC: [0, 1, 2] });
    // kafkajs' own deals PAYMENT_REFUNDED to the member that never reads it.
    const theirs = await run(PartitionAssigners.roundRobin, members);
    expect(theirs['a-original-tickets']!.PAYMENT_REFUNDED_TOPIC).toBeDefined();
  });

  it('gives every partition to exactly one member, and every member an entry', () => {
    const assignment = assignRoundRobin(
      [
        { memberId: 'm2', topics: ['ONE'] },
        { memberId: 'm1', topics: ['SEND_TICKET_TOPIC'] },
        { memberId: 'm3', topics: [] },
      ],
      (topic) => partitions(counts[topic]!),
    );
    expect(assignment).toEqual({ m1: { SEND_TICKET_TOPIC: [0, 1, 2] }, m2: { ONE: [0] }, m3: {} });
  });

  it("offers kafkajs' name, so a group with the original's Nest services agrees on it", () => {
    const instance = ROUND_ROBIN_ASSIGNER({ cluster, groupId: 'g', logger: console as never });
    expect(instance.name).toBe('RoundRobinAssigner');
    expect(instance.protocol({ topics: ['ONE'] }).name).toBe('RoundRobinAssigner');
  });
});
