import { dashboardQueries, exportedMetricNames, metricNames, ruleExpressions } from '../support/promql';

describe('metricNames (PromQL)', () => {
  it('finds the metric names and nothing else', () => {
    expect(
      metricNames(
        'sum by (job, le) (rate(http_request_duration_seconds_bucket{job="users", route!~"/health|/metrics"}[$__rate_interval])) / clamp_min(sum(up{job=~"$job"}), 1e-9) > 0.05',
      ).sort(),
    ).toEqual(['http_request_duration_seconds_bucket', 'up']);
    expect(
      metricNames(
        'a_total > 0 unless on (job) b_total offset 10m and on () (time() - max(c_seconds) > 600)',
      ).sort(),
    ).toEqual(['a_total', 'b_total', 'c_seconds']);
  });
});

describe('dashboards and alert rules read metrics the apps export', () => {
  let exported: Set<string>;
  beforeAll(async () => {
    exported = await exportedMetricNames();
  });

  it('knows the kit, messaging and business metrics', () => {
    for (const name of [
      'http_requests_total',
      'messages_consumed_total',
      'outbox_pending',
      'tickets_issued_total',
    ])
      expect(exported).toContain(name);
  });

  it('every dashboard panel queries existing metric names', () => {
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThan(100);
    const unknown = queries.flatMap((q) =>
      metricNames(q.expr)
        .filter((n) => !exported.has(n))
        .map((n) => `${q.file} "${q.panel}": ${n}`),
    );
    expect(unknown).toEqual([]);
  });

  it('every alert rule reads existing metric names', () => {
    const rules = ruleExpressions();
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining([
        'AppDown',
        'HighHttp5xxRate',
        'KafkaConsumerLagHigh',
        'OutboxBacklogGrowing',
        'MessagesDeadLettered',
        'EmailsFailing',
      ]),
    );
    const unknown = rules.flatMap((r) =>
      metricNames(r.expr)
        .filter((n) => !exported.has(n))
        .map((n) => `${r.alert}: ${n}`),
    );
    expect(unknown).toEqual([]);
  });
});
