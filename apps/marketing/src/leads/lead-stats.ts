/** At most this many values per breakdown; the rest are summed into one `other` entry. */
export const STATS_MAX_BUCKETS = 100;

export interface Tally {
  total: number;
  converted: number;
}

export interface Rated extends Tally {
  /** converted / total, 4 decimals (0.3333); 0 when there are no leads. */
  conversionRate: number;
}

/** One value of a breakdown (`null`: the leads without it). */
export interface Bucket extends Tally {
  key: string | null;
}

export interface RatedBucket extends Rated {
  key: string | null;
  /** The entry summing every value past the first STATS_MAX_BUCKETS. */
  other?: true;
}

export function conversionRate(converted: number, total: number): number {
  return total > 0 ? Math.round((converted / total) * 10_000) / 10_000 : 0;
}

export function rated(tally: Tally): Rated {
  return {
    total: tally.total,
    converted: tally.converted,
    conversionRate: conversionRate(tally.converted, tally.total),
  };
}

/**
 * The largest buckets (as counted, largest first) with their rates; when some values were left out,
 * one more entry holds what the overall tally has beyond them, so the entries always add up to it.
 */
export function breakdown(top: Bucket[], overall: Tally, truncated: boolean): RatedBucket[] {
  const rows: RatedBucket[] = top.map((b) => ({ key: b.key, ...rated(b) }));
  if (!truncated) return rows;
  const rest = {
    total: overall.total - top.reduce((n, b) => n + b.total, 0),
    converted: overall.converted - top.reduce((n, b) => n + b.converted, 0),
  };
  return rest.total > 0 ? [...rows, { key: '(other)', other: true, ...rated(rest) }] : rows;
}
