import { SlotWaitTimeout, WorkSlots } from './work-slots';

const later = () => {
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  return { done, finish };
};

describe(WorkSlots.name, () => {
  it('runs at most `concurrency` at once, the rest in arrival order', async () => {
    const slots = new WorkSlots(2, 10);
    const gates = Array.from({ length: 4 }, later);
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      slots.run(async () => {
        started.push(i);
        await g.done;
        return i;
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
    expect(slots.load).toBe(4);
    gates[1]!.finish();
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    gates.forEach((g) => g.finish());
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(slots.load).toBe(0);
  });

  it('is full once every slot runs and the queue holds queueLimit', async () => {
    const slots = new WorkSlots(1, 2);
    const gate = later();
    const runs = [slots.run(() => gate.done)];
    expect(slots.full).toBe(false);
    runs.push(
      slots.run(() => gate.done),
      slots.run(() => gate.done),
    );
    expect(slots.full).toBe(true);
    gate.finish();
    await Promise.all(runs);
    expect(slots.full).toBe(false);
  });

  it('frees the slot when the work fails', async () => {
    const slots = new WorkSlots(1, 0);
    await expect(slots.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(slots.full).toBe(false);
    expect(await slots.run(async () => 'ok')).toBe('ok');
  });

  it('gives up a wait longer than maxWaitMs, unrun, and the queue goes on without it', async () => {
    jest.useFakeTimers();
    try {
      const slots = new WorkSlots(1, 5, 1000);
      const gate = later();
      const ran: number[] = [];
      const first = slots.run(() => gate.done);
      const late = slots.run(async () => void ran.push(1));
      const settled = late.catch((error: unknown) => error);
      jest.advanceTimersByTime(1000);
      expect(await settled).toBeInstanceOf(SlotWaitTimeout);
      expect(slots.load).toBe(1);
      const next = slots.run(async () => void ran.push(2));
      gate.finish();
      await first;
      await next;
      expect(ran).toEqual([2]);
      expect(slots.load).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
