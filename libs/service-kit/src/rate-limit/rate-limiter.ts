import { SerialPerKey } from './serial-per-key';

/** One taken place in a key's window: the `seq`-th hit of the key (0, 1, 2, … in the order taken). */
export interface RateLimitHit {
  seq: number;
  at: Date;
  /** When the hit leaves the window, and the store may delete it. */
  expiresAt: Date;
}

/**
 * Where the hits live, shared by every replica. Numbering the hits is what makes the limit exact:
 * `take` decides each number once, by a unique key (an insert into a unique index is atomic on every
 * store we use, whereas a counter's concurrent `$inc` or conditional update is not on the Mongo-wire
 * server of the local stack), so two requests never both get the same place.
 */
export abstract class RateLimitStore {
  /** The highest `seq` taken for `key`, or -1 when it has no hits. */
  abstract lastSeq(key: string): Promise<number>;
  /** When hit `seq` of `key` was taken, or undefined when it is gone (swept, reset or never taken). */
  abstract takenAt(key: string, seq: number): Promise<Date | undefined>;
  /** Records the hit; false when another request took that `seq` first. */
  abstract take(key: string, hit: RateLimitHit): Promise<boolean>;
  /** Forgets every hit of `key`. */
  abstract reset(key: string): Promise<void>;
  /** Deletes the hits that expired before `now`; resolves how many. */
  abstract sweep(now: Date): Promise<number>;
}

export interface RateLimitOptions {
  /** Names the limiter; its keys never mix with another limiter's in a shared store. */
  name: string;
  /** Hits allowed in any window. */
  limit: number;
  windowSeconds: number;
  /** The clock (tests move it). */
  now?: () => number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** When refused: whole seconds until a place frees (at least 1), for `Retry-After`. 0 when allowed. */
  retryAfterSeconds: number;
}

const ALLOWED: RateLimitDecision = { allowed: true, retryAfterSeconds: 0 };

/**
 * A sliding window per key: at most `limit` hits in any `windowSeconds`. Hit number n may be taken
 * once hit n - limit has left the window, so the limit holds exactly under any concurrency: requests
 * that race for the same number are decided by the store, and the losers try the next number (and
 * are refused when that one is not free yet). A refusal writes nothing.
 *
 * `consume` counts a hit; to count only some outcomes (failed logins), `check` first and `consume`
 * after the outcome, and `reset` to forget a key.
 */
export class RateLimiter {
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly nextSeq = new Map<string, number>();
  /**
   * The decisions of one key in this process, one after another. A burst on one key (a login storm
   * behind one proxy address) would otherwise race for the same number, and each loser try again:
   * quadratic in the burst. Serialized, each decision is one insert (the next number is known from
   * the previous one while the burst lasts); races are left only between replicas. When the burst
   * is over, nothing is kept for the key.
   */
  private readonly serial = new SerialPerKey((key) => this.nextSeq.delete(key));

  constructor(
    private readonly store: RateLimitStore,
    private readonly options: RateLimitOptions,
  ) {
    this.windowMs = options.windowSeconds * 1000;
    this.now = options.now ?? Date.now;
  }

  /** Takes a place in the key's window, or says how long until one frees. */
  consume(key: string): Promise<RateLimitDecision> {
    const stored = this.storedKey(key);
    return this.serial.run(stored, async () => {
      let seq = this.nextSeq.get(stored) ?? (await this.store.lastSeq(stored)) + 1;
      for (;;) {
        const now = this.now();
        const refusal = await this.refusal(stored, seq, now);
        if (refusal) return refusal;
        const hit = { seq, at: new Date(now), expiresAt: new Date(now + this.windowMs) };
        if (await this.store.take(stored, hit)) {
          this.nextSeq.set(stored, seq + 1);
          return ALLOWED;
        }
        seq = (await this.store.lastSeq(stored)) + 1; // another replica took it: start after the last
      }
    });
  }

  /** Whether `consume` would take a place now, without taking it. */
  async check(key: string): Promise<RateLimitDecision> {
    const stored = this.storedKey(key);
    const seq = (await this.store.lastSeq(stored)) + 1;
    return (await this.refusal(stored, seq, this.now())) ?? ALLOWED;
  }

  /** Forgets the key's hits: its whole limit is available again. */
  reset(key: string): Promise<void> {
    const stored = this.storedKey(key);
    return this.serial.run(stored, async () => {
      this.nextSeq.delete(stored);
      await this.store.reset(stored);
    });
  }

  /** Hit `seq` needs hit `seq - limit` out of the window; undefined when it is. */
  private async refusal(key: string, seq: number, now: number): Promise<RateLimitDecision | undefined> {
    if (seq < this.options.limit) return undefined;
    const freedAt = await this.store.takenAt(key, seq - this.options.limit);
    const wait = freedAt ? freedAt.getTime() + this.windowMs - now : 0;
    if (wait <= 0) return undefined;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
  }

  private storedKey(key: string): string {
    return `${this.options.name}:${key}`;
  }
}
