/** The events catalogue's pagination rules (reference §1.5), for one buyer's ticket list. */
export const DEFAULT_SIZE = 10;
export const MAX_SIZE = 100;

function positiveInt(raw: unknown): number | undefined {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== 'string' || !/^\+?\d+$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** `page` ≤ 0 or not a number → 1; `size` ≤ 0 or not a number → 10; `size` above 100 → 100. */
export function pageOf(query: { page?: unknown; size?: unknown }) {
  const page = positiveInt(query.page) ?? 1;
  const size = Math.min(positiveInt(query.size) ?? DEFAULT_SIZE, MAX_SIZE);
  return { page, size, skip: (page - 1) * size };
}
