import type { Consumer } from 'kafkajs';
import { createTopics, produce, rogueMember, testKafka, uniqueName } from '../src';

/** What a consumer with kafkajs' default assignor sees when it tries to join: joined, or the crash's error. */
async function tryJoin(group: string, topic: string, received: string[] = []) {
  const consumer = testKafka().consumer({ groupId: group, sessionTimeout: 10_000, heartbeatInterval: 1000 });
  const outcome = new Promise<{ joined: boolean; error?: string }>((resolve) => {
    consumer.on(consumer.events.GROUP_JOIN, () => resolve({ joined: true }));
    consumer.on(consumer.events.CRASH, ({ payload }) =>
      resolve({ joined: false, error: (payload.error as { type?: string }).type }),
    );
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void received.push(message.value!.toString()) });
  return { consumer, outcome: await outcome };
}

describe('rogueMember (a consumer-group member offering only another assignment protocol)', () => {
  const consumers: Consumer[] = [];
  afterAll(() => Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined))));

  it('holds an empty group: a joiner with other protocols is refused, and joins once the rogue left', async () => {
    const topic = uniqueName('rogue_topic');
    const group = uniqueName('rogue_group');
    await createTopics([topic], 3);
    await produce(
      topic,
      ['a', 'b', 'c'].map((value) => ({ key: value, value })),
    );

    const rogue = await rogueMember(group, topic);
    expect(rogue.memberId).toEqual(expect.any(String));
    const refused = await tryJoin(group, topic);
    consumers.push(refused.consumer);
    expect(refused.outcome).toEqual({ joined: false, error: 'INCONSISTENT_GROUP_PROTOCOL' });

    await rogue.leave();
    const received: string[] = [];
    const after = await tryJoin(group, topic, received);
    consumers.push(after.consumer);
    expect(after.outcome).toEqual({ joined: true });
    // The rogue took no partition, so it consumed and committed nothing: every message is still there.
    const deadline = Date.now() + 20_000;
    while (received.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(received.sort()).toEqual(['a', 'b', 'c']);
  }, 60_000);

  it('waits for a group whose members are still in it, and joins once they left', async () => {
    const topic = uniqueName('rogue_topic');
    const group = uniqueName('rogue_group');
    await createTopics([topic], 1);
    const member = await tryJoin(group, topic);
    expect(member.outcome).toEqual({ joined: true });
    const rogue = rogueMember(group, topic, { timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 2000));
    await member.consumer.disconnect();
    await (await rogue).leave();
  }, 60_000);
});
