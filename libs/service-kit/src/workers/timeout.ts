/**
 * `work`, or an error `[<what> ]timed out after <ms> ms` once `ms` have passed. The work is not
 * cancelled, only no longer waited for: its late outcome is ignored.
 */
export async function withTimeout<R>(work: Promise<R>, ms: number, what?: string): Promise<R> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what ? `${what} ` : ''}timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
