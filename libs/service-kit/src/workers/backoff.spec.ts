import { backoffDelay } from './backoff';

describe(backoffDelay.name, () => {
  it('doubles from the first delay and stops at the cap, exactly when jitter is 0', () => {
    const exact = { initialMs: 1000, maxMs: 30_000, jitter: 0 };
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => backoffDelay(a, exact))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ]);
    expect(backoffDelay(10_000, exact)).toBe(30_000);
  });

  it('keeps each delay between half and all of it by default (equal jitter)', () => {
    for (let i = 0; i < 200; i += 1) {
      const delay = backoffDelay(3, { initialMs: 1000, maxMs: 30_000 });
      expect(delay).toBeGreaterThanOrEqual(2000);
      expect(delay).toBeLessThanOrEqual(4000);
    }
  });
});
