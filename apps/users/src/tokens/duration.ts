const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** "3600" → 3600 s; "90s", "30m", "1h", "7d" → seconds. Undefined when unreadable or not positive. */
export function parseDuration(value: string): number | undefined {
  const match = /^\s*(\d+)\s*([smhd]?)\s*$/i.exec(value);
  if (!match) return undefined;
  const seconds = Number(match[1]) * UNITS[(match[2] || 's').toLowerCase()]!;
  return seconds > 0 && Number.isSafeInteger(seconds) ? seconds : undefined;
}
