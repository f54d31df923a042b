import { type RateLimitHit, RateLimitStore } from './rate-limiter';

/**
 * The store's contract in memory, for unit tests of limiters and of the apps' adapters. Every call
 * yields first, so concurrent callers interleave as they would against a database.
 */
export class MemoryRateLimitStore extends RateLimitStore {
  readonly keys = new Map<string, Map<number, RateLimitHit>>();
  /** Calls of `take`, won or lost. */
  takes = 0;

  async lastSeq(key: string) {
    await yieldTurn();
    return Math.max(-1, ...(this.keys.get(key)?.keys() ?? []));
  }

  async takenAt(key: string, seq: number) {
    await yieldTurn();
    return this.keys.get(key)?.get(seq)?.at;
  }

  async take(key: string, hit: RateLimitHit) {
    this.takes += 1;
    await yieldTurn();
    const hits = this.keys.get(key) ?? new Map<number, RateLimitHit>();
    this.keys.set(key, hits);
    if (hits.has(hit.seq)) return false;
    hits.set(hit.seq, hit);
    return true;
  }

  async reset(key: string) {
    await yieldTurn();
    this.keys.delete(key);
  }

  async sweep(now: Date) {
    let deleted = 0;
    for (const hits of this.keys.values())
      for (const [seq, hit] of hits) if (hit.expiresAt < now) deleted += Number(hits.delete(seq));
    return deleted;
  }

  /** Hits stored, over every key. */
  count(): number {
    return [...this.keys.values()].reduce((sum, hits) => sum + hits.size, 0);
  }
}

const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
