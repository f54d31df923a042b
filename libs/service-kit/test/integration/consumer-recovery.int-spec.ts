import {
  createTestDatabase,
  eventually,
  type RogueMember,
  http,
  rogueMember,
  queryDatabase,
  type RunningApp,
  startApp,
  testKafka,
  uniqueName,
} from '@event-tickets/testing';
import { LedgerWriter, ledgerService } from '../fixtures/ledger.app';

type Health = { status: string; info?: Record<string, unknown>; error?: Record<string, { status: string }> };

describe('a consumer group held by a member with other assignment protocols', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: RunningApp | undefined;
  let rogue: RogueMember | undefined;
  const kafka = testKafka();
  const admin = kafka.admin();

  afterAll(async () => {
    await rogue?.leave();
    await app?.close();
    await admin.disconnect();
    await db?.drop();
  });

  it('crashes ours, fails readiness after the threshold, and recovers by itself once the member leaves', async () => {
    db = await createTestDatabase('consumer_recovery');
    const topic = uniqueName('CLIENT_CREATED_TOPIC');
    const group = uniqueName('recovery');
    const env = {
      DB_NAME: db.name,
      CLIENT_CREATED_TOPIC: topic,
      KAFKA_GROUP_ID: group,
      KAFKA_CONSUMER_DOWN_READINESS_MS: '2000',
    };
    const effects = (email: string) =>
      queryDatabase<{ n: number }>(
        db.name,
        `SELECT count(*)::int AS n FROM ledger_effects WHERE email = $1`,
        [email],
      ).then((rows) => rows[0]!.n);
    const health = () => http<Health>('GET', `${app!.url}/health`);
    const consumerUp = async () => {
      const text = await (await fetch(`${app!.url}/metrics`)).text();
      const line = new RegExp(`^kafka_consumer_up\\{[^}]*group="${group}"[^}]*\\} (\\d+)$`, 'm').exec(text);
      return line ? Number(line[1]) : undefined;
    };
    const members = async () => (await admin.describeGroups([group])).groups[0]!.members.length;
    const protocol = async () => (await admin.describeGroups([group])).groups[0]!.protocol;
    await admin.connect();

    // Ours runs and consumes.
    app = await startApp(ledgerService, env);
    await app.app.get(LedgerWriter).write(['before@example.com']);
    expect(
      await eventually(
        () => effects('before@example.com'),
        (n) => n === 1,
      ),
    ).toBe(1);
    expect(await consumerUp()).toBe(1);

    // Ours goes away; a member offering only `cooperative-sticky` (a protocol ours do not offer)
    // takes the empty group.
    await app.close();
    app = undefined;
    rogue = await rogueMember(group, topic);
    expect(await protocol()).toBe('cooperative-sticky');

    // Ours comes back: the broker refuses its join (INCONSISTENT_GROUP_PROTOCOL) while the member
    // is there. The app starts all the same, and says its consumer is down.
    app = await startApp(ledgerService, env);
    await app.app.get(LedgerWriter).write(['meanwhile@example.com']);
    const down = await eventually(health, (h) => h.status === 503, { timeoutMs: 20_000 });
    expect(down.body).toMatchObject({
      status: 'error',
      error: { 'kafka-consumers': { status: 'down', message: expect.stringContaining(group) } },
    });
    expect(await consumerUp()).toBe(0);
    expect(await members()).toBe(1);
    expect(await protocol()).toBe('cooperative-sticky');
    expect(await effects('meanwhile@example.com')).toBe(0);

    // The member leaves: ours restarts by itself and consumes what was produced meanwhile.
    await rogue.leave();
    rogue = undefined;
    expect(
      await eventually(
        () => effects('meanwhile@example.com'),
        (n) => n === 1,
        { timeoutMs: 40_000 },
      ),
    ).toBe(1);
    const ready = await eventually(health, (h) => h.status === 200, { timeoutMs: 10_000 });
    expect(ready.body).toMatchObject({
      status: 'ok',
      info: { 'kafka-consumers': { status: 'up', groups: { [group]: 'running' } } },
    });
    expect(await consumerUp()).toBe(1);
    const restarts = new RegExp(
      `^kafka_consumer_restarts_total\\{[^}]*group="${group}"[^}]*\\} (\\d+)$`,
      'm',
    ).exec(await (await fetch(`${app.url}/metrics`)).text());
    expect(Number(restarts?.[1])).toBeGreaterThanOrEqual(1);
    // One member of ours, not a restarted one beside a leftover.
    expect(await members()).toBe(1);
    expect(await protocol()).toBe('RoundRobinAssigner');
    expect(await effects('before@example.com')).toBe(1);
  }, 120_000);
});
