import { WorkSlots } from './work-slots';

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
});
