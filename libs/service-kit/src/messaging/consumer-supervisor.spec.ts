import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import { metricsRegistry } from '@event-tickets/telemetry';
import { ConsumerSupervisor, type SupervisedKafkaConsumer } from './consumer-supervisor';

/** A kafkajs consumer as the supervisor sees it: events it can be told to emit, and disconnect. */
class FakeConsumer {
  readonly events = { GROUP_JOIN: 'consumer.group_join', CRASH: 'consumer.crash' };
  private readonly emitter = new EventEmitter();
  disconnects = 0;

  on(event: string, listener: (e: unknown) => void) {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
  join() {
    this.emitter.emit(this.events.GROUP_JOIN, { payload: {} });
  }
  crash(message = 'INCONSISTENT_GROUP_PROTOCOL') {
    this.emitter.emit(this.events.CRASH, { payload: { error: new Error(message), restart: false } });
  }
  async disconnect() {
    this.disconnects += 1;
  }
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await tick(2);
  }
}

async function metric(name: string, group: string) {
  const values = (await metricsRegistry.getSingleMetric(name)!.get()).values;
  return values.find((v) => v.labels.group === group)?.value;
}

let groups = 0;

/**
 * A supervisor over fake consumers; `starting` decides what each start does (by default it joins,
 * as kafkajs' run() does before it resolves).
 */
function supervise(starting: (consumer: FakeConsumer, n: number) => Promise<void> = async (c) => c.join()) {
  const created: FakeConsumer[] = [];
  const group = `group-${(groups += 1)}`;
  const supervisor = new ConsumerSupervisor<FakeConsumer & SupervisedKafkaConsumer>({
    group,
    create: () => {
      const consumer = new FakeConsumer();
      created.push(consumer);
      return consumer as FakeConsumer & SupervisedKafkaConsumer;
    },
    start: (consumer) => starting(consumer, created.length),
    backoff: { initialMs: 10, maxMs: 40 },
  });
  return { supervisor, created, group };
}

describe('ConsumerSupervisor', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('replaces a crashed consumer with a fresh one after a backoff, and reports the group down meanwhile', async () => {
    const { supervisor, created, group } = supervise(async (c, n) => (n === 1 ? c.join() : undefined));
    expect(supervisor.state.running).toBe(false);
    await supervisor.start();
    expect(supervisor.state).toMatchObject({ group, running: true, restarts: 0 });
    expect(await metric('kafka_consumer_up', group)).toBe(1);
    expect(await metric('kafka_consumer_restarts_total', group)).toBe(0);

    const before = Date.now();
    created[0]!.crash();
    expect(supervisor.state.running).toBe(false);
    expect(supervisor.state.since.getTime()).toBeGreaterThanOrEqual(before);
    expect(await metric('kafka_consumer_up', group)).toBe(0);

    await until(() => created.length === 2);
    expect(created[0]!.disconnects).toBe(1);
    expect(supervisor.state).toMatchObject({ running: false, restarts: 1 });
    created[1]!.join();
    expect(supervisor.state).toMatchObject({ running: true, restarts: 1 });
    expect(await metric('kafka_consumer_up', group)).toBe(1);
    expect(await metric('kafka_consumer_restarts_total', group)).toBe(1);
    await supervisor.stop();
  });

  it('keeps restarting, with growing delays, while the new consumers crash or fail to start', async () => {
    const started: number[] = [];
    const { supervisor, created } = supervise(async (c, n) => {
      started.push(Date.now());
      if (n === 1) return c.crash(); // kafkajs' run() resolves after a crash while joining
      if (n <= 3) throw new Error('connect ECONNREFUSED');
      if (n === 4) return c.crash();
      c.join();
    });
    await supervisor.start();
    await until(() => supervisor.state.running);
    expect(created).toHaveLength(5);
    expect(supervisor.state.restarts).toBe(4);
    expect(created.slice(0, 4).every((c) => c.disconnects === 1)).toBe(true);
    expect(created[4]!.disconnects).toBe(0);
    // The delays double (10, 20, 40, 40 ms, each between half and all of it).
    const waits = started.slice(1).map((t, i) => t - started[i]!);
    expect(waits[0]).toBeGreaterThanOrEqual(4);
    expect(waits[2]).toBeGreaterThanOrEqual(19);
    await supervisor.stop();
  });

  it('runs one consumer per group: events of a replaced consumer are ignored', async () => {
    const { supervisor, created } = supervise(async (c, n) => (n === 1 ? c.join() : undefined));
    await supervisor.start();
    created[0]!.crash();
    created[0]!.crash('a second crash report of the same consumer');
    await until(() => created.length === 2);
    await tick(100);
    expect(created).toHaveLength(2);
    created[0]!.crash();
    created[0]!.join();
    await tick(100);
    expect(created).toHaveLength(2);
    expect(supervisor.state.running).toBe(false);
    created[1]!.join();
    expect(supervisor.state).toMatchObject({ running: true, restarts: 1 });
    await supervisor.stop();
  });

  it('stops: a pending restart is cancelled and the current consumer disconnected', async () => {
    const { supervisor, created, group } = supervise();
    await supervisor.start();
    created[0]!.crash();
    await supervisor.stop();
    await tick(100);
    expect(created).toHaveLength(1);
    expect(created[0]!.disconnects).toBe(1);
    expect(supervisor.state.running).toBe(false);
    expect(await metric('kafka_consumer_up', group)).toBe(0);
  });

  it('stops a consumer that was still starting, once its start ends', async () => {
    let finish!: () => void;
    const { supervisor, created } = supervise(async (c, n) => {
      if (n === 1) return c.crash();
      await new Promise<void>((r) => (finish = r));
      c.join();
    });
    await supervisor.start();
    await until(() => created.length === 2 && finish !== undefined);
    await supervisor.stop();
    finish();
    await until(() => created[1]!.disconnects === 2);
    expect(supervisor.state.running).toBe(false);
    await tick(100);
    expect(created).toHaveLength(2);
  });

  it('throws when the first consumer cannot start (the app does not start)', async () => {
    const { supervisor } = supervise(async () => {
      throw new Error('connect ECONNREFUSED');
    });
    await expect(supervisor.start()).rejects.toThrow('ECONNREFUSED');
  });
});
