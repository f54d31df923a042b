export interface BackoffOptions {
  /** The first delay, before jitter. */
  initialMs: number;
  /** No delay is longer than this. */
  maxMs: number;
  /**
   * The share of each delay that is random (default 0.5, "equal jitter"). 0 gives the exact doubling:
   * for a schedule kept per item (one email's next attempt), where no crowd retries in step.
   */
  jitter?: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 10_000 };

/**
 * The delay before retry number `attempt` (1, 2, ...): doubling from `initialMs`, capped at `maxMs`,
 * with "equal jitter" by default (between half and all of it), so replicas that failed together do
 * not retry together.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  const random = ceiling * Math.min(Math.max(options.jitter ?? 0.5, 0), 1);
  return Math.round(ceiling - random + Math.random() * random);
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
