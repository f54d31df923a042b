import { FailureDelay, type FailureDelayOptions } from './failure-delay';
import { MemoryRateLimitStore } from './memory-rate-limit.store';

describe('FailureDelay (a growing delay after consecutive failures)', () => {
  let store: MemoryRateLimitStore;
  let clock: number;
  let runs: number;
  const delay = (options: Partial<FailureDelayOptions> = {}) =>
    new FailureDelay(store, {
      name: 'login',
      freeFailures: 3,
      firstDelaySeconds: 1,
      maxDelaySeconds: 8,
      forgetAfterSeconds: 900,
      now: () => clock,
      ...options,
    });
  const outcome = (succeeded: boolean) => async () => {
    runs += 1;
    return { succeeded, value: succeeded ? 'token' : undefined };
  };
  const fail = (d: FailureDelay, key = 'ana') => d.attempt(key, outcome(false));
  const succeed = (d: FailureDelay, key = 'ana') => d.attempt(key, outcome(true));

  beforeEach(() => {
    store = new MemoryRateLimitStore();
    clock = Date.parse('2026-01-01T00:00:00Z');
    runs = 0;
  });

  it('runs the free failures at once, then refuses for 1 s without running the attempt', async () => {
    const d = delay();
    for (let i = 0; i < 3; i += 1) expect(await fail(d)).toEqual({ allowed: true, value: undefined });
    expect(await succeed(d)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(runs).toBe(3);
    clock += 999;
    expect((await succeed(d)).allowed).toBe(false);
    clock += 1;
    expect(await succeed(d)).toEqual({ allowed: true, value: 'token' });
  });

  it('doubles the delay with each further failure, up to the cap', async () => {
    const d = delay();
    for (let i = 0; i < 3; i += 1) await fail(d);
    const waits: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const refused = await fail(d);
      if (refused.allowed) throw new Error('expected a delay');
      waits.push(refused.retryAfterSeconds);
      clock += refused.retryAfterSeconds * 1000;
      expect((await fail(d)).allowed).toBe(true); // after the delay the attempt runs (and fails)
    }
    expect(waits).toEqual([1, 2, 4, 8, 8, 8]);
  });

  it('after the delay a success always passes, and forgets every failure', async () => {
    const d = delay();
    for (let i = 0; i < 10; i += 1) {
      await fail(d);
      clock += 8000;
    }
    expect(await succeed(d)).toEqual({ allowed: true, value: 'token' });
    expect(store.count()).toBe(0);
    for (let i = 0; i < 3; i += 1) expect((await fail(d)).allowed).toBe(true);
  });

  it('a success costs no write when there were no failures', async () => {
    const d = delay();
    const reset = jest.spyOn(store, 'reset');
    await succeed(d);
    await succeed(d);
    expect(reset).not.toHaveBeenCalled();
    expect(store.takes).toBe(0);
  });

  it('keeps keys apart', async () => {
    const d = delay();
    for (let i = 0; i < 5; i += 1) await fail(d, 'ana');
    expect((await succeed(d, 'bob')).allowed).toBe(true);
    expect((await succeed(d, 'ana')).allowed).toBe(false);
  });

  it('forgets failures older than forgetAfterSeconds: the count starts again', async () => {
    const d = delay({ forgetAfterSeconds: 60 });
    for (let i = 0; i < 6; i += 1) {
      await fail(d);
      clock += 8000;
    }
    clock += 60_000;
    expect(await d.remainingMs('ana')).toBe(0);
    for (let i = 0; i < 3; i += 1) expect((await fail(d)).allowed).toBe(true);
    expect((await fail(d)).allowed).toBe(false);
  });

  it('concurrent guesses run one at a time: they cannot all pass before the first failure counts', async () => {
    const d = delay();
    const results = await Promise.all(Array.from({ length: 20 }, () => fail(d)));
    expect(results.filter((r) => r.allowed)).toHaveLength(3);
    expect(runs).toBe(3);
  });

  it('two replicas share the failures (numbered in the store)', async () => {
    const a = delay();
    const b = delay();
    await fail(a);
    await fail(b);
    await Promise.all([fail(a), fail(b)]);
    expect(store.count()).toBe(4);
    expect((await succeed(b)).allowed).toBe(false);
    expect(await a.remainingMs('ana')).toBe(2000);
  });

  it('records nothing when the attempt throws', async () => {
    const d = delay();
    await expect(d.attempt('ana', () => Promise.reject(new Error('database down')))).rejects.toThrow(
      'database down',
    );
    expect(store.count()).toBe(0);
  });
});
