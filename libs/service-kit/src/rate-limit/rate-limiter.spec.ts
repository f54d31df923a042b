import { MemoryRateLimitStore } from './memory-rate-limit.store';
import { RateLimiter } from './rate-limiter';

describe('RateLimiter (sliding window over numbered hits)', () => {
  let store: MemoryRateLimitStore;
  let clock: number;
  const limiter = (limit: number, windowSeconds = 60, name = 'test') =>
    new RateLimiter(store, { name, limit, windowSeconds, now: () => clock });

  beforeEach(() => {
    store = new MemoryRateLimitStore();
    clock = Date.parse('2026-01-01T00:00:00Z');
  });

  it('allows the limit, then refuses with the seconds until the oldest hit leaves the window', async () => {
    const limits = limiter(3);
    for (let i = 0; i < 3; i += 1) {
      expect(await limits.consume('a')).toEqual({ allowed: true, retryAfterSeconds: 0 });
      clock += 10_000;
    }
    // The first hit was 30 s ago: it leaves the 60 s window in 30 s.
    expect(await limits.consume('a')).toEqual({ allowed: false, retryAfterSeconds: 30 });
  });

  it('slides: each hit that leaves the window frees one place, no more', async () => {
    const limits = limiter(2);
    await limits.consume('a');
    clock += 30_000;
    await limits.consume('a');
    clock += 30_000; // the first hit is exactly 60 s old: out
    expect((await limits.consume('a')).allowed).toBe(true);
    expect(await limits.consume('a')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    clock += 29_999;
    expect(await limits.consume('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock += 1;
    expect((await limits.consume('a')).allowed).toBe(true);
  });

  it('writes nothing for a refusal, so a refused client does not extend its own wait', async () => {
    const limits = limiter(1);
    await limits.consume('a');
    for (let i = 0; i < 5; i += 1) expect((await limits.consume('a')).allowed).toBe(false);
    expect(store.count()).toBe(1);
    clock += 60_000;
    expect((await limits.consume('a')).allowed).toBe(true);
  });

  it('lets exactly the limit through when every request arrives at once', async () => {
    const limits = limiter(5);
    const decisions = await Promise.all(Array.from({ length: 30 }, () => limits.consume('burst')));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    expect(decisions.filter((d) => !d.allowed).every((d) => d.retryAfterSeconds === 60)).toBe(true);
  });

  it('keeps keys and limiters apart', async () => {
    const first = limiter(1, 60, 'first');
    const second = limiter(1, 60, 'second');
    expect((await first.consume('a')).allowed).toBe(true);
    expect((await first.consume('b')).allowed).toBe(true);
    expect((await second.consume('a')).allowed).toBe(true);
    expect((await first.consume('a')).allowed).toBe(false);
  });

  it('check tells without taking a place; reset frees the whole limit', async () => {
    const limits = limiter(2);
    expect(await limits.check('a')).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect(store.count()).toBe(0);
    await limits.consume('a');
    await limits.consume('a');
    expect(await limits.check('a')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    await limits.reset('a');
    expect((await limits.check('a')).allowed).toBe(true);
    expect((await limits.consume('a')).allowed).toBe(true);
    expect((await limits.consume('a')).allowed).toBe(true);
    expect((await limits.consume('a')).allowed).toBe(false);
  });

  it('counts a swept hit as out of the window', async () => {
    const limits = limiter(1, 1);
    await limits.consume('a');
    clock += 1000;
    expect(await store.sweep(new Date(clock + 1))).toBe(1);
    expect((await limits.consume('a')).allowed).toBe(true);
    expect((await limits.consume('a')).allowed).toBe(false);
  });

  it('a burst on one key costs one insert per request, not a race per request (one process)', async () => {
    const limits = limiter(100);
    const decisions = await Promise.all(Array.from({ length: 40 }, () => limits.consume('proxy')));
    expect(decisions.every((d) => d.allowed)).toBe(true);
    expect(store.count()).toBe(40);
    expect(store.takes).toBe(40);
  });

  it('two replicas racing on one key still never pass the limit', async () => {
    const a = limiter(7);
    const b = limiter(7);
    const decisions = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).consume('shared')),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(7);
  });
});
