/** The original's pagination, shared by every paginated list: defaults, the size cap, the response block. */
export const DEFAULT_PAGE = 1;
export const DEFAULT_SIZE = 10;
export const MAX_SIZE = 100;

export interface PageRequest {
  page: number;
  size: number;
  offset: number;
}

export interface PageInfo {
  page: number;
  size: number;
  total: number;
  totalPages: number;
}

/** Go's strconv.Atoi: an optional sign and digits, within range; anything else is not a number. */
function atoi(raw: unknown): number | undefined {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== 'string' || !/^[+-]?\d+$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** `page` ≤ 0 or not a number → 1; `size` ≤ 0 or not a number → 10; `size` above 100 → 100. */
export function pageRequest(query: { page?: unknown; size?: unknown }): PageRequest {
  const p = atoi(query.page);
  const s = atoi(query.size);
  const page = p !== undefined && p > 0 ? p : DEFAULT_PAGE;
  const size = Math.min(s !== undefined && s > 0 ? s : DEFAULT_SIZE, MAX_SIZE);
  return { page, size, offset: (page - 1) * size };
}

/** `totalPages = ceil(total / size)`, 0 when there are no rows. */
export function pageInfo(request: PageRequest, total: number): PageInfo {
  return { page: request.page, size: request.size, total, totalPages: Math.ceil(total / request.size) };
}
