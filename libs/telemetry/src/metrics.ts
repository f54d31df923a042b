import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process, exposed at GET /metrics. */
export const metricsRegistry = new Registry();
let defaultsCollected = false;

export function collectRuntimeMetrics(service: string): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  metricsRegistry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: metricsRegistry });
}

type Labels<L extends string> = { name: string; help: string; labelNames?: readonly L[] };

/** Get-or-create, so modules (and tests that boot an app twice) never register a metric twice. */
export function counter<L extends string>(def: Labels<L>): Counter<L> {
  const existing = metricsRegistry.getSingleMetric(def.name);
  return (
    (existing as Counter<L>) ??
    new Counter({ ...def, labelNames: def.labelNames ?? [], registers: [metricsRegistry] })
  );
}

export function gauge<L extends string>(
  def: Labels<L> & { collect?: (this: Gauge<L>) => void | Promise<void> },
): Gauge<L> {
  const existing = metricsRegistry.getSingleMetric(def.name);
  return (
    (existing as Gauge<L>) ??
    new Gauge({ ...def, labelNames: def.labelNames ?? [], registers: [metricsRegistry] })
  );
}

export function histogram<L extends string>(def: Labels<L> & { buckets?: number[] }): Histogram<L> {
  const existing = metricsRegistry.getSingleMetric(def.name);
  return (
    (existing as Histogram<L>) ??
    new Histogram({ ...def, labelNames: def.labelNames ?? [], registers: [metricsRegistry] })
  );
}
