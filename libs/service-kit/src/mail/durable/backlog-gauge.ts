import { gauge } from '@event-tickets/telemetry';

const counters = new Map<string, () => Promise<number>>();

/**
 * A gauge of the emails waiting to be sent, counted in the store when /metrics is scraped (not on
 * every poll). The latest worker of an app registers its count; a database hiccup keeps the last value
 * rather than failing the scrape.
 */
export function backlogGauge(metric: { name: string; help: string }, count: () => Promise<number>): void {
  counters.set(metric.name, count);
  gauge({
    ...metric,
    async collect() {
      const current = counters.get(metric.name);
      if (current)
        await current().then(
          (n) => this.set(n),
          () => undefined,
        );
    },
  });
}
