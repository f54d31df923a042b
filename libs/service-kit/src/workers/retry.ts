import { backoffDelay, DEFAULT_BACKOFF, sleep, type BackoffOptions } from './backoff';

export interface RetryOptions {
  backoff?: BackoffOptions;
  /** Stop retrying (the last error is thrown) once this aborts. */
  signal?: AbortSignal;
  /** At most this many attempts (default: until it succeeds or `signal` aborts). */
  attempts?: number;
  /** Called after each failed attempt that will be retried, with the delay before the next one. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Errors for which this returns false are thrown at once (default: every error is retried). */
  retryable?: (error: unknown) => boolean;
}

/**
 * Runs `step` until it succeeds, backing off with jitter between attempts: for a step that must happen
 * (record an outcome, publish a dead letter) and only waits for a server to come back.
 */
export async function retry<T>(
  step: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const { backoff = DEFAULT_BACKOFF, signal, attempts = Infinity, onRetry, retryable = () => true } = options;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step(attempt);
    } catch (error) {
      if (attempt >= attempts || signal?.aborted || !retryable(error)) throw error;
      const delay = backoffDelay(attempt, backoff);
      onRetry?.(error, attempt, delay);
      await sleep(delay, signal);
      if (signal?.aborted) throw error;
    }
  }
}
