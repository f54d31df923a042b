import type { Producer } from 'kafkajs';
import {
  createTestDatabase,
  createTopics,
  eventually,
  http,
  type KafkaGoMember,
  queryDatabase,
  type RunningApp,
  startApp,
  startKafkaGoMember,
  testKafka,
  uniqueName,
} from '@event-tickets/testing';
import { ledgerService } from '../fixtures/ledger.app';

type Health = { status: string };

/**
 * Our consumers in one consumer group with a real kafka-go v0.4.48 member configured as the
 * original's Go services configure theirs: both consume, nothing crashes, and a group handed over
 * either way loses no message and handles none twice.
 */
describe('a consumer group shared with kafka-go members', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: RunningApp | undefined;
  const members: KafkaGoMember[] = [];
  const kafka = testKafka();
  const admin = kafka.admin();
  let producer: Producer;
  let closing = false; // the producing loops stop once the tests are over, passed or failed

  beforeAll(async () => {
    db = await createTestDatabase('kafka_go_groups');
    await admin.connect();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    closing = true;
    await new Promise((r) => setTimeout(r, 200));
    await Promise.all(members.map((m) => m.kill()));
    await app?.close();
    await producer?.disconnect();
    await admin.disconnect();
    await db?.drop();
  });

  const describe_ = async (group: string) => (await admin.describeGroups([group])).groups[0]!;
  const ours = (emails?: string[]) =>
    queryDatabase<{ email: string }>(db.name, `SELECT email FROM ledger_effects ORDER BY id`).then((rows) =>
      rows.map((r) => r.email).filter((e) => !emails || emails.includes(e)),
    );
  const theirs = () =>
    members.flatMap((m) => m.received.map((r) => (JSON.parse(r.value) as { email: string }).email));
  const metric = async (name: string, group: string) => {
    const text = await (await fetch(`${app!.url}/metrics`)).text();
    const line = new RegExp(`^${name}\\{[^}]*group="${group}"[^}]*\\} (\\d+)$`, 'm').exec(text);
    return line ? Number(line[1]) : 0; // absent until its first sample
  };
  const start = (topic: string, group: string) =>
    startApp(ledgerService, {
      DB_NAME: db.name,
      CLIENT_CREATED_TOPIC: topic,
      KAFKA_GROUP_ID: group,
      KAFKA_CONSUMER_DOWN_READINESS_MS: '5000',
    });

  /** Produces one message every 40 ms until stopped; resolves to the emails produced. */
  function keepProducing(topic: string, prefix: string) {
    const sent: string[] = [];
    let running = true;
    let paused = false;
    const loop = (async () => {
      for (let n = 0; running && !closing; n++) {
        if (paused) {
          await new Promise((r) => setTimeout(r, 40));
          n -= 1;
          continue;
        }
        const email = `${prefix}-${n}@example.com`;
        await producer.send({
          topic,
          acks: -1,
          messages: [{ key: email, value: JSON.stringify({ email }) }],
        });
        sent.push(email);
        await new Promise((r) => setTimeout(r, 40));
      }
    })();
    return {
      sent,
      /** Holds production (a member joins at a quiet moment) until everything sent is handled. */
      quiet: async () => {
        paused = true;
        await new Promise((r) => setTimeout(r, 100)); // a send under way lands in `sent`
        await eventually(
          async () => new Set([...(app ? await ours(sent) : []), ...theirs()]).size,
          (n) => n === sent.length,
          { timeoutMs: 30_000 },
        );
      },
      resume: () => {
        paused = false;
      },
      stop: async () => {
        running = false;
        await loop;
        return sent;
      },
    };
  }

  /** Both sides' counts once both have handled more than now. */
  async function bothAdvance(now: { ours: number; theirs: number }, timeoutMs = 30_000) {
    return eventually(
      async () => ({ ours: (await ours()).length, theirs: theirs().length }),
      (c) => c.ours > now.ours && c.theirs > now.theirs,
      { timeoutMs },
    );
  }

  it('shares the group, and hands it over kafka-go → ours → kafka-go losing and doubling nothing', async () => {
    const topic = uniqueName('CLIENT_CREATED_TOPIC');
    const group = uniqueName('coexist');
    await createTopics([topic], 4);
    const flow = keepProducing(topic, uniqueName('handover'));

    // kafka-go alone.
    members.push(await startKafkaGoMember({ groupId: group, topic }));
    await eventually(
      async () => theirs(),
      (t) => t.length >= 5,
    );
    expect((await describe_(group)).protocol).toBe('range');

    // Ours joins (every change of members at a quiet moment, as docs/handover.md asks: a rebalance
    // under load can have a message redone): the group goes on with `range`, both hold partitions.
    await flow.quiet();
    app = await start(topic, group);
    await eventually(
      () => describe_(group),
      (g) => g.state === 'Stable' && g.members.length === 2,
      { timeoutMs: 40_000 },
    );
    flow.resume();
    expect((await describe_(group)).protocol).toBe('range');
    await bothAdvance({ ours: 0, theirs: theirs().length });
    expect((await http<Health>('GET', `${app.url}/health`)).status).toBe(200);
    expect(await metric('kafka_consumer_up', group)).toBe(1);

    // kafka-go leaves (SIGTERM): ours takes every partition, under kafkajs' own protocol again.
    await flow.quiet();
    await members[0]!.stop();
    await eventually(
      () => describe_(group),
      (g) => g.state === 'Stable' && g.members.length === 1 && g.protocol === 'RoundRobinAssigner',
      { timeoutMs: 40_000 },
    );
    flow.resume();
    const afterStop = (await ours()).length;
    await eventually(
      async () => (await ours()).length,
      (n) => n > afterStop + 10,
    );

    // A kafka-go member joins again, then ours leaves: kafka-go takes over.
    await flow.quiet();
    members.push(await startKafkaGoMember({ groupId: group, topic }));
    await eventually(
      () => describe_(group),
      (g) => g.state === 'Stable' && g.members.length === 2,
      { timeoutMs: 40_000 },
    );
    flow.resume();
    await bothAdvance({ ours: (await ours()).length, theirs: theirs().length });
    expect(await metric('kafka_consumer_restarts_total', group)).toBe(0);
    expect((await http<Health>('GET', `${app.url}/health`)).status).toBe(200);
    await flow.quiet();
    await app.close();
    app = undefined;
    flow.resume();
    const handedBack = theirs().length;
    await eventually(
      async () => theirs(),
      (t) => t.length > handedBack + 10,
      { timeoutMs: 40_000 },
    );

    // Every message produced, handled once: by ours or by a kafka-go member, never both, never twice.
    const sent = await flow.stop();
    const handled = async () => [...(await ours(sent)), ...theirs()];
    await eventually(handled, (h) => new Set(h).size === sent.length, { timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 1000)); // anything handled twice shows up meanwhile
    const all = await handled();
    expect(new Set(all).size).toBe(sent.length);
    expect(all.sort()).toEqual([...sent].sort());
    expect((await ours(sent)).length).toBeGreaterThan(10);
  }, 240_000);

  it('joins a group where a killed kafka-go member lingers, and consumes everything once its session ends', async () => {
    const topic = uniqueName('CLIENT_CREATED_TOPIC');
    const group = uniqueName('lingering');
    await createTopics([topic], 2);
    const gone = await startKafkaGoMember({ groupId: group, topic });
    members.push(gone);
    await gone.kill(); // no leave: the broker keeps it in the group for its 30 s session
    expect((await describe_(group)).members.map((m) => m.memberId)).toContain(gone.memberId);

    const flow = keepProducing(topic, uniqueName('lingering'));
    app = await start(topic, group);
    const sent = await (async () => {
      await new Promise((r) => setTimeout(r, 2000));
      return flow.stop();
    })();
    await eventually(
      () => ours(sent),
      (h) => h.length === sent.length,
      { timeoutMs: 75_000 },
    );
    expect((await ours(sent)).sort()).toEqual([...sent].sort());
    const g = await describe_(group);
    expect(g.members.map((m) => m.memberId)).not.toContain(gone.memberId);
    expect(g.members).toHaveLength(1);
    expect(await metric('kafka_consumer_restarts_total', group)).toBe(0);
    expect((await http<Health>('GET', `${app.url}/health`)).status).toBe(200);
  }, 150_000);
});
