import { type RateLimitDecision, RateLimitStore } from './rate-limiter';
import { SerialPerKey } from './serial-per-key';

export interface FailureDelayOptions {
  /** Names the delay; its keys never mix with another limiter's in a shared store. */
  name: string;
  /** Consecutive failures answered without a delay. */
  freeFailures: number;
  /** The delay after failure number `freeFailures`; each further failure doubles it... */
  firstDelaySeconds: number;
  /** ...up to this cap: nobody is kept waiting longer, however many failures. */
  maxDelaySeconds: number;
  /** A key's failures are forgotten this long after its last one. */
  forgetAfterSeconds: number;
  /** The clock (tests move it). */
  now?: () => number;
}

/** What an attempt reports: whether it succeeded, and its result. */
export interface AttemptOutcome<T> {
  succeeded: boolean;
  value: T;
}

export type Attempted<T> = { allowed: true; value: T } | (RateLimitDecision & { allowed: false });

interface Failures {
  count: number;
  lastSeq: number;
  lastAt?: number;
}

/**
 * A growing delay after consecutive failures of one key (a login): after `freeFailures` failures,
 * attempts wait `firstDelaySeconds`, then twice that after each further failure, up to
 * `maxDelaySeconds`. While a key waits, `attempt` refuses without running the attempt (no password
 * is checked); once the delay is over the attempt runs, and a success forgets every failure. A wrong
 * guess can therefore delay the key by the cap at most, never lock it.
 *
 * The failures are numbered hits in the `RateLimitStore` (the same unique-insert numbering that makes
 * `RateLimiter` exact on every store), so every replica shares them. The attempts of one key run one
 * at a time in a process: concurrent guesses cannot all pass the check before the first failure is
 * recorded.
 */
export class FailureDelay {
  private readonly now: () => number;
  private readonly serial = new SerialPerKey();

  constructor(
    private readonly store: RateLimitStore,
    private readonly options: FailureDelayOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Runs `attempt` unless the key is waiting out its delay; counts its failure or forgets on success. */
  attempt<T>(key: string, attempt: () => Promise<AttemptOutcome<T>>): Promise<Attempted<T>> {
    const stored = `${this.options.name}:${key}`;
    return this.serial.run(stored, async () => {
      const failures = await this.failures(stored);
      const wait = this.waitMs(failures);
      if (wait > 0)
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) } as const;
      const outcome = await attempt();
      if (!outcome.succeeded) await this.fail(stored, failures);
      else if (failures.lastSeq >= 0) await this.store.reset(stored);
      return { allowed: true, value: outcome.value } as const;
    });
  }

  /** The milliseconds left of the key's delay (0: an attempt would run now). */
  async remainingMs(key: string): Promise<number> {
    return this.waitMs(await this.failures(`${this.options.name}:${key}`));
  }

  private async failures(key: string): Promise<Failures> {
    const lastSeq = await this.store.lastSeq(key);
    if (lastSeq < 0) return { count: 0, lastSeq };
    const lastAt = (await this.store.takenAt(key, lastSeq))?.getTime();
    const fresh = lastAt !== undefined && this.now() - lastAt < this.options.forgetAfterSeconds * 1000;
    return fresh ? { count: lastSeq + 1, lastSeq, lastAt } : { count: 0, lastSeq };
  }

  private waitMs({ count, lastAt }: Failures): number {
    if (lastAt === undefined || count < this.options.freeFailures) return 0;
    const { firstDelaySeconds, maxDelaySeconds } = this.options;
    const delaySeconds = Math.min(
      maxDelaySeconds,
      firstDelaySeconds * 2 ** (count - this.options.freeFailures),
    );
    return lastAt + delaySeconds * 1000 - this.now();
  }

  /** Records one more failure (after forgetting stale ones, so the count starts again from 1). */
  private async fail(key: string, failures: Failures): Promise<void> {
    if (failures.count === 0 && failures.lastSeq >= 0) await this.store.reset(key);
    let seq = failures.count;
    for (;;) {
      const now = this.now();
      const hit = {
        seq,
        at: new Date(now),
        expiresAt: new Date(now + this.options.forgetAfterSeconds * 1000),
      };
      if (await this.store.take(key, hit)) return;
      seq = (await this.store.lastSeq(key)) + 1; // another replica recorded one first: count after it
    }
  }
}
