/** What `withTimeout` throws: the work took longer than it was given. */
export class TimeoutError extends Error {}

/**
 * `work`, or a TimeoutError `[<what> ]timed out after <ms> ms` once `ms` have passed. The work is not
 * cancelled, only no longer waited for: its late outcome is ignored.
 */
export async function withTimeout<R>(work: Promise<R>, ms: number, what?: string): Promise<R> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TimeoutError(`${what ? `${what} ` : ''}timed out after ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
