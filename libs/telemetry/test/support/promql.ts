import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { collectDefaultMetrics, Registry } from 'prom-client';

export const repoRoot = resolve(__dirname, '../../../..');

/** Words of PromQL that are not metric names when they are not followed by `(`. */
const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'offset',
  'bool',
  'by',
  'without',
  'on',
  'ignoring',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression reads: strings, label matchers, ranges, label lists,
 * numbers, durations and Grafana variables are removed; what remains and is not a function, an
 * aggregation or a keyword is a metric name.
 */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\{[^}]*\}|\$[A-Za-z_]\w*/g, ' ')
    .replace(/\b\d+(\.\d+)?(e[+-]?\d+)?[smhdwy]?\b/gi, ' ');
  const names = new Set<string>();
  for (const m of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const after = stripped.slice(m.index! + m[0].length);
    if (/^\s*\(/.test(after) || KEYWORDS.has(m[0].toLowerCase())) continue;
    names.add(m[0]);
  }
  return [...names];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'node_modules' ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

const expand = (name: string, type: string) =>
  type === 'histogram' ? [name, `${name}_bucket`, `${name}_sum`, `${name}_count`] : [name];

/** Every series name the apps can export: their counter/gauge/histogram definitions, prom-client's defaults, `up`. */
export async function exportedMetricNames(): Promise<Set<string>> {
  const names = new Set<string>(['up']);
  const dirs = ['apps', 'libs'].flatMap((top) =>
    readdirSync(join(repoRoot, top)).map((d) => join(repoRoot, top, d, 'src')),
  );
  for (const file of dirs.flatMap((d) => (statSync(d, { throwIfNoEntry: false }) ? sourceFiles(d) : []))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b(counter|gauge|histogram)\(\{\s*name:\s*'([a-zA-Z_:][a-zA-Z0-9_:]*)'/g))
      expand(m[2]!, m[1]!).forEach((n) => names.add(n));
  }
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const metric of await registry.getMetricsAsJSON())
    expand(metric.name, String(metric.type)).forEach((n) => names.add(n));
  return names;
}

export interface PanelQuery {
  file: string;
  panel: string;
  expr: string;
}

interface Panel {
  title?: string;
  targets?: { expr?: string; datasource?: { uid?: string } }[];
  datasource?: { uid?: string };
  panels?: Panel[];
}

/** The PromQL of every panel of the committed dashboards. */
export function dashboardQueries(): PanelQuery[] {
  const dir = join(repoRoot, 'observability/grafana/dashboards');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((file) => {
      const dashboard = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { panels: Panel[] };
      const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
      return panels.flatMap((p) =>
        (p.targets ?? []).filter((t) => t.expr).map((t) => ({ file, panel: p.title ?? '', expr: t.expr! })),
      );
    });
}

/** The `expr:` of every alerting rule (the rules files are written one way: `expr: x` or `expr: |` + block). */
export function ruleExpressions(): { alert: string; expr: string }[] {
  const dir = join(repoRoot, 'observability/prometheus/rules');
  const rules: { alert: string; expr: string }[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yml'))) {
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    let alert = '';
    for (let i = 0; i < lines.length; i += 1) {
      const name = lines[i]!.match(/^\s*- alert:\s*(\S+)/);
      if (name) alert = name[1]!;
      const expr = lines[i]!.match(/^(\s*)expr:\s*(.*)$/);
      if (!expr) continue;
      if (expr[2] !== '|') {
        rules.push({ alert, expr: expr[2]! });
        continue;
      }
      const block: string[] = [];
      while (
        i + 1 < lines.length &&
        (lines[i + 1]!.trim() === '' || lines[i + 1]!.search(/\S/) > expr[1]!.length)
      ) {
        i += 1;
        block.push(lines[i]!);
      }
      rules.push({ alert, expr: block.join('\n') });
    }
  }
  return rules;
}
