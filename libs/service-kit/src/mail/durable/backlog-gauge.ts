const counters = new Map<string, () => Promise<number>>();

/** A mail worker registers how to count its backlog (emails recorded and not yet sent), by its name. */
export function registerBacklog(worker: string, count: () => Promise<number>): void {
  counters.set(worker, count);
}

/**
 * For an app's backlog gauge, in its `collect`: counts the named worker's backlog in its store when
 * /metrics is scraped (not on every poll). A database hiccup keeps the last value rather than failing
 * the scrape.
 */
export async function collectBacklog(worker: string, gauge: { set(value: number): void }): Promise<void> {
  const count = counters.get(worker);
  if (count)
    await count().then(
      (n) => gauge.set(n),
      () => undefined,
    );
}
