import { AssignerProtocol, type Cluster } from 'kafkajs';
import {
  assignLikeKafkaGo,
  type GroupAssignment,
  type GroupMemberTopics,
  KAFKA_GO_ASSIGNERS,
  type KafkaGoProtocol,
} from './kafka-go-assigners';

const partitions = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Every (topic, partition) and the members holding it. */
function holders(assignment: GroupAssignment) {
  const held = new Map<string, string[]>();
  for (const [member, topics] of Object.entries(assignment))
    for (const [topic, ps] of Object.entries(topics))
      for (const p of ps) held.set(`${topic}/${p}`, [...(held.get(`${topic}/${p}`) ?? []), member]);
  return held;
}

/** A kafka-go member id (`<client id>-<uuid>`) and a kafkajs one (`<client id>-<uuid>`, other prefix). */
const goMember = (n: number) => `kafka-go-${n}-3f1c2a6e-0000-4000-8000-00000000000${n}`;
const ourMember = (n: number) => `clients-${n}-9b7d2e41-0000-4000-8000-00000000000${n}`;

describe('kafka-go assigners', () => {
  it.each<KafkaGoProtocol>(['range', 'roundrobin'])(
    '%s assigns every partition exactly once, to members of both kinds',
    (protocol) => {
      for (const count of [1, 2, 3, 5, 6, 7, 12])
        for (const memberCount of [1, 2, 3, 4, 8]) {
          const members: GroupMemberTopics[] = Array.from({ length: memberCount }, (_, i) => ({
            memberId: i % 2 ? goMember(i) : ourMember(i),
            topics: ['PAYMENT_SUCCEEDED'],
          }));
          const assignment = assignLikeKafkaGo(protocol, members, () => partitions(count));
          const held = holders(assignment);
          expect([...held.keys()].sort()).toEqual(
            partitions(count)
              .map((p) => `PAYMENT_SUCCEEDED/${p}`)
              .sort(),
          );
          for (const owners of held.values()) expect(owners).toHaveLength(1);
          // Balanced: shares differ by one partition at most.
          const sizes = members.map((m) => assignment[m.memberId]!.PAYMENT_SUCCEEDED?.length ?? 0);
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
          expect(Object.keys(assignment).sort()).toEqual(members.map((m) => m.memberId).sort());
        }
    },
  );

  // Computed by kafka-go v0.4.48's RangeGroupBalancer / RoundRobinGroupBalancer (members m0..m<M-1>
  // handed over in reverse order, partitions 0..P-1 of topic T). Its doc comment shows range's
  // remainder on the first member; its code (and so these) puts it on the last.
  const kafkaGo: [number, number, string, string][] = [
    [5, 2, '{"m0":{"T":[0,1]},"m1":{"T":[2,3,4]}}', '{"m0":{"T":[0,2,4]},"m1":{"T":[1,3]}}'],
    [
      6,
      3,
      '{"m0":{"T":[0,1]},"m1":{"T":[2,3]},"m2":{"T":[4,5]}}',
      '{"m0":{"T":[0,3]},"m1":{"T":[1,4]},"m2":{"T":[2,5]}}',
    ],
    [
      7,
      3,
      '{"m0":{"T":[0,1]},"m1":{"T":[2,3]},"m2":{"T":[4,5,6]}}',
      '{"m0":{"T":[0,3,6]},"m1":{"T":[1,4]},"m2":{"T":[2,5]}}',
    ],
    [
      3,
      4,
      '{"m0":{},"m1":{"T":[0]},"m2":{"T":[1]},"m3":{"T":[2]}}',
      '{"m0":{"T":[0]},"m1":{"T":[1]},"m2":{"T":[2]},"m3":{}}',
    ],
    [
      12,
      5,
      '{"m0":{"T":[0,1]},"m1":{"T":[2,3]},"m2":{"T":[4,5,6]},"m3":{"T":[7,8]},"m4":{"T":[9,10,11]}}',
      '{"m0":{"T":[0,5,10]},"m1":{"T":[1,6,11]},"m2":{"T":[2,7]},"m3":{"T":[3,8]},"m4":{"T":[4,9]}}',
    ],
  ];
  it.each(kafkaGo)(
    'gives what kafka-go gives: %i partitions, %i members',
    (count, memberCount, range, roundrobin) => {
      const members = Array.from({ length: memberCount }, (_, i) => ({
        memberId: `m${memberCount - 1 - i}`,
        topics: ['T'],
      }));
      expect(assignLikeKafkaGo('range', members, () => partitions(count))).toEqual(JSON.parse(range));
      expect(assignLikeKafkaGo('roundrobin', members, () => partitions(count))).toEqual(
        JSON.parse(roundrobin),
      );
    },
  );

  it('is deterministic: the order members arrive in changes nothing', () => {
    const members = [0, 1, 2, 3].map((i) => ({
      memberId: i % 2 ? goMember(i) : ourMember(i),
      topics: ['T', 'U'],
    }));
    for (const protocol of ['range', 'roundrobin'] as const) {
      const first = assignLikeKafkaGo(protocol, members, () => partitions(7));
      expect(assignLikeKafkaGo(protocol, [...members].reverse(), () => partitions(7).reverse())).toEqual(
        first,
      );
    }
  });

  it('assigns a topic only among the members subscribed to it; others get an empty share', () => {
    const assignment = assignLikeKafkaGo(
      'range',
      [
        { memberId: 'a', topics: ['T'] },
        { memberId: 'b', topics: ['T', 'U'] },
        { memberId: 'c', topics: [] },
      ],
      (topic) => partitions(topic === 'T' ? 2 : 3),
    );
    expect(assignment).toEqual({ a: { T: [0] }, b: { T: [1], U: [0, 1, 2] }, c: {} });
  });

  describe('as kafkajs assigners', () => {
    const cluster = {
      findTopicPartitionMetadata: () => partitions(4).map((partitionId) => ({ partitionId })),
    } as unknown as Cluster;
    const assigners = KAFKA_GO_ASSIGNERS.map((a) => a({ cluster, groupId: 'g', logger: undefined as never }));

    it("are offered under kafka-go's names, range first, as kafka-go prefers", () => {
      expect(assigners.map((a) => a.name)).toEqual(['range', 'roundrobin']);
    });

    it('encode member metadata byte for byte as kafka-go does (version 1, topics, user data)', () => {
      const { metadata } = assigners[0]!.protocol({ topics: ['T'] });
      // int16 version 1, int32 one topic, int16 length 1, "T", int32 user data length 0
      expect(metadata.toString('hex')).toBe('0001' + '00000001' + '0001' + '54' + '00000000');
    });

    it("read kafka-go's member metadata (null user data) and assign through the standard encoding", async () => {
      // What kafka-go writes: version 1, its topics, user data null (length -1).
      const goMetadata = Buffer.from('0001' + '00000001' + '0001' + '54' + 'ffffffff', 'hex');
      const ours = assigners[0]!.protocol({ topics: ['T'] }).metadata;
      const result = await assigners[0]!.assign({
        members: [
          { memberId: 'go', memberMetadata: goMetadata },
          { memberId: 'ours', memberMetadata: ours },
        ],
        topics: ['T'],
      });
      const decoded = Object.fromEntries(
        result.map((r) => [r.memberId, AssignerProtocol.MemberAssignment.decode(r.memberAssignment)]),
      );
      expect(decoded).toEqual({
        go: { version: 1, assignment: { T: [0, 1] }, userData: Buffer.alloc(0) },
        ours: { version: 1, assignment: { T: [2, 3] }, userData: Buffer.alloc(0) },
      });
    });
  });
});
