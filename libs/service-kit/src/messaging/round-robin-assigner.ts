import type { PartitionAssigner } from 'kafkajs';
import { type GroupAssignment, type GroupMemberTopics, standardAssigner } from './kafka-go-assigners';

/**
 * kafkajs' round robin, dealing each topic's partitions only to the members subscribed to it.
 * kafkajs' own deals every partition of every topic any member reads to all members in turn: in a
 * group whose members read different topics (our tickets reads SEND_TICKET and PAYMENT_REFUNDED,
 * the original's tickets only SEND_TICKET, both in `<group>-server`), a member would get a topic it
 * never reads and its partitions would wait. With one set of topics for all, the deal is kafkajs' own:
 * partitions in topic order, to the sorted members in turn, continuing across topics.
 */
export function assignRoundRobin(
  members: GroupMemberTopics[],
  partitionsOf: (topic: string) => number[],
): GroupAssignment {
  const assignment: GroupAssignment = {};
  for (const { memberId } of members) assignment[memberId] = {};
  const sorted = [...members].sort((a, b) =>
    a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0,
  );
  const topics = [...new Set(members.flatMap((m) => m.topics))];
  let turn = 0;
  for (const topic of topics) {
    const subscribers = sorted.filter((m) => m.topics.includes(topic));
    for (const partition of partitionsOf(topic)) {
      const { memberId } = subscribers[turn % subscribers.length]!;
      (assignment[memberId]![topic] ??= []).push(partition);
      turn += 1;
    }
  }
  return assignment;
}

/** Offered under kafkajs' name and version, so groups with the original's Nest services still agree on it. */
export const ROUND_ROBIN_ASSIGNER: PartitionAssigner = standardAssigner(
  'RoundRobinAssigner',
  0,
  assignRoundRobin,
);
