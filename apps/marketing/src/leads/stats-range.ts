import { leadsError } from './leads.errors';

/** `2024-05-01`, or a date-time with an offset: `2024-05-01T10:00:00Z`, `2024-05-01T10:00:00.5-03:00`. */
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2})))?$/i;
const DAY_MS = 86_400_000;

interface Instant {
  at: Date;
  dateOnly: boolean;
}

/** Parses strictly: no rolled-over dates (2024-02-30), no local time without an offset. */
export function parseInstant(value: string): Instant | undefined {
  const m = INSTANT.exec(value.trim());
  if (!m) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0, offH = 0, offM = 0] = m
    .slice(1)
    .map((v) => (v === undefined ? undefined : Number(v)));
  const calendar = new Date(Date.UTC(year!, month! - 1, day!));
  if (calendar.getUTCMonth() !== month! - 1 || calendar.getUTCDate() !== day) return undefined;
  if (hour! > 23 || minute! > 59 || second! > 59 || offH! > 23 || offM! > 59) return undefined;
  const at = new Date(value.trim());
  return Number.isNaN(at.getTime()) ? undefined : { at, dateOnly: m[4] === undefined };
}

export interface CreatedAtRange {
  /** Inclusive. */
  from?: Date;
  /** Exclusive: the day after a date-only `to`, one millisecond after a date-time `to`. */
  before?: Date;
}

/**
 * The stats period on `createdAt`: both ends inclusive; a date-only `to` covers that whole (UTC) day.
 * 400 for a value that is not a date, or `from` after `to`.
 */
export function createdAtRange(from?: string, to?: string): CreatedAtRange {
  const read = (name: string, value?: string) => {
    if (value === undefined) return undefined;
    const instant = parseInstant(value);
    if (!instant) {
      throw leadsError(
        'INVALID_DATE_RANGE',
        `${name} must be a date (2024-05-01) or a date-time with an offset (2024-05-01T10:00:00Z)`,
      );
    }
    return instant;
  };
  const start = read('from', from);
  const end = read('to', to);
  const before = end && new Date(end.at.getTime() + (end.dateOnly ? DAY_MS : 1));
  if (start && before && start.at.getTime() >= before.getTime()) {
    throw leadsError('INVALID_DATE_RANGE', 'from must not be after to');
  }
  return { from: start?.at, before };
}
