export const percentile = (values: number[], p: number) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

export interface Row {
  scenario: string;
  throughput: string;
  p50: number | string;
  p95: number | string;
  p99: number | string;
  errors: number | string;
  target: string;
  met: boolean;
  details?: Record<string, unknown>;
}

export function printTable(rows: Row[], rss: Record<string, number>) {
  const cols: (keyof Row)[] = ['scenario', 'throughput', 'p50', 'p95', 'p99', 'errors', 'target', 'met'];
  const cell = (r: Row, c: keyof Row) =>
    c === 'met'
      ? r.met
        ? 'yes'
        : 'NO'
      : typeof r[c] === 'number'
        ? (r[c] as number).toFixed(1)
        : String(r[c] ?? '');
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r, c).length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(cols.map(String)));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => cell(r, c))));
  console.log(
    `\npeak RSS per app (MB): ${Object.entries(rss)
      .map(([a, mb]) => `${a} ${mb.toFixed(0)}`)
      .join(', ')}`,
  );
}
