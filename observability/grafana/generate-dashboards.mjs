#!/usr/bin/env node
/**
 * Writes the Grafana dashboards (observability/grafana/dashboards/*.json) from one description, so
 * the six app dashboards stay alike: `node observability/grafana/generate-dashboards.mjs`.
 * `--check` exits 1 when a committed file differs from what this script generates.
 * Every PromQL expression here uses metric names the apps export (checked by
 * libs/telemetry/test/observability-config.spec.ts and, against running apps, by the platform test).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), 'dashboards');
const PROM = { type: 'prometheus', uid: 'prometheus' };
const EVENTS_DB = { type: 'grafana-postgresql-datasource', uid: 'events-db' };
const RATE = '$__rate_interval';

let nextId = 1;
let cursor = { x: 0, y: 0, rowHeight: 0 };
const resetLayout = () => {
  nextId = 1;
  cursor = { x: 0, y: 0, rowHeight: 0 };
};
/** Places panels left to right on a 24-column grid, wrapping to a new line. */
function place(w, h) {
  if (cursor.x + w > 24) cursor = { x: 0, y: cursor.y + cursor.rowHeight, rowHeight: 0 };
  const pos = { x: cursor.x, y: cursor.y, w, h };
  cursor.x += w;
  cursor.rowHeight = Math.max(cursor.rowHeight, h);
  return pos;
}

function row(title) {
  if (cursor.x > 0) cursor = { x: 0, y: cursor.y + cursor.rowHeight, rowHeight: 0 };
  const panel = {
    id: nextId++,
    type: 'row',
    title,
    collapsed: false,
    gridPos: { x: 0, y: cursor.y, w: 24, h: 1 },
    panels: [],
  };
  cursor = { x: 0, y: cursor.y + 1, rowHeight: 0 };
  return panel;
}

const target = (expr, legendFormat = '', refId = 'A', extra = {}) => ({
  datasource: PROM,
  expr,
  legendFormat,
  refId,
  ...extra,
});
const targets = (list) =>
  list.map(([expr, legend, extra], i) => target(expr, legend, String.fromCharCode(65 + i), extra));

function timeseries(title, list, { unit = 'short', w = 12, h = 8, description, stack = false, min } = {}) {
  return {
    id: nextId++,
    type: 'timeseries',
    title,
    description,
    datasource: PROM,
    gridPos: place(w, h),
    targets: targets(list),
    fieldConfig: {
      defaults: {
        unit,
        min,
        custom: {
          lineWidth: 1,
          fillOpacity: stack ? 30 : 10,
          stacking: { mode: stack ? 'normal' : 'none' },
          showPoints: 'never',
        },
      },
      overrides: [],
    },
    options: {
      legend: { displayMode: 'table', placement: 'bottom', calcs: ['lastNotNull', 'max'] },
      tooltip: { mode: 'multi', sort: 'desc' },
    },
  };
}

function stat(title, expr, { unit = 'short', w = 6, h = 4, description, thresholds, decimals } = {}) {
  return {
    id: nextId++,
    type: 'stat',
    title,
    description,
    datasource: PROM,
    gridPos: place(w, h),
    targets: [target(expr, '', 'A', { instant: true })],
    fieldConfig: {
      defaults: {
        unit,
        decimals,
        thresholds: thresholds ?? { mode: 'absolute', steps: [{ color: 'green', value: null }] },
      },
      overrides: [],
    },
    options: {
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      colorMode: 'value',
      graphMode: 'none',
      textMode: 'auto',
    },
  };
}

const redAbove = (value) => ({
  mode: 'absolute',
  steps: [
    { color: 'green', value: null },
    { color: 'red', value },
  ],
});
const redBelow = (value) => ({
  mode: 'absolute',
  steps: [
    { color: 'red', value: null },
    { color: 'green', value },
  ],
});

function sqlTable(title, rawSql, { w = 24, h = 10, description } = {}) {
  return {
    id: nextId++,
    type: 'table',
    title,
    description,
    datasource: EVENTS_DB,
    gridPos: place(w, h),
    targets: [
      { datasource: EVENTS_DB, refId: 'A', format: 'table', rawQuery: true, editorMode: 'code', rawSql },
    ],
    fieldConfig: { defaults: {}, overrides: [] },
    options: { showHeader: true, cellHeight: 'sm' },
  };
}

function dashboard({ uid, title, description, tags, panels, templating = [] }) {
  return {
    uid,
    title,
    description,
    tags: ['event-tickets', ...tags],
    editable: false,
    graphTooltip: 1,
    refresh: '30s',
    schemaVersion: 39,
    version: 1,
    time: { from: 'now-1h', to: 'now' },
    timepicker: {},
    timezone: 'browser',
    annotations: { list: [] },
    links: [
      {
        title: 'Event Tickets',
        type: 'dashboards',
        tags: ['event-tickets'],
        asDropdown: true,
        includeVars: false,
        keepTime: true,
      },
    ],
    templating: { list: templating },
    panels,
  };
}

const instanceVariable = (job) => ({
  name: 'instance',
  label: 'instance',
  type: 'query',
  datasource: PROM,
  query: { query: `label_values(up{job="${job}"}, instance)`, refId: 'instance' },
  definition: `label_values(up{job="${job}"}, instance)`,
  refresh: 2,
  includeAll: true,
  multi: true,
  allValue: '.*',
  current: { text: 'All', value: '$__all' },
  sort: 1,
});

// ---- one dashboard per app: RED per route template, Node runtime, the app's own metrics ----------

const APPS = {
  users: {
    port: 3000,
    title: 'users',
    about: 'accounts, login and tokens (MongoDB)',
    messaging: false,
    outbox: false,
  },
  events: {
    port: 3001,
    title: 'events',
    about: 'catalogue, capacity and seat holds (PostgreSQL)',
    messaging: true,
    outbox: false,
  },
  payments: {
    port: 3002,
    title: 'payments',
    about: 'payments, the gateway pipeline, payment emails (PostgreSQL)',
    messaging: true,
    outbox: true,
  },
  clients: { port: 3004, title: 'clients', about: 'buyers (PostgreSQL)', messaging: true, outbox: true },
  tickets: {
    port: 4001,
    title: 'tickets',
    about: 'tickets, ticket emails, check-in (MongoDB)',
    messaging: true,
    outbox: false,
  },
  marketing: {
    port: 3005,
    title: 'marketing',
    about: 'leads and conversions (MongoDB)',
    messaging: true,
    outbox: false,
  },
};

function appSpecific(app, sel) {
  switch (app) {
    case 'users':
      return [
        row('Accounts'),
        timeseries(
          'Logins by status',
          [
            [
              `sum by (status_code) (rate(http_requests_total{${sel}, route="/users/token"}[${RATE}]))`,
              '{{status_code}}',
            ],
          ],
          {
            unit: 'reqps',
            description: '201 issued, 401 refused, 429 rate limited.',
          },
        ),
        timeseries(
          'Registrations by status',
          [
            [
              `sum by (status_code) (rate(http_requests_total{${sel}, route="/users", method="POST"}[${RATE}]))`,
              '{{status_code}}',
            ],
          ],
          { unit: 'reqps' },
        ),
      ];
    case 'events':
      return [
        row('Seats'),
        timeseries(
          'Seats held / sold / released per second',
          [
            [`sum(rate(events_seats_held_total{${sel}}[${RATE}]))`, 'held'],
            [`sum(rate(events_seats_sold_total{${sel}}[${RATE}]))`, 'sold'],
            [`sum by (reason) (rate(events_seats_released_total{${sel}}[${RATE}]))`, 'released ({{reason}})'],
            [`sum(rate(events_holds_lost_total{${sel}}[${RATE}]))`, 'lost (expired, sold out meanwhile)'],
          ],
          { unit: 'ops' },
        ),
        timeseries(
          'Hold request latency p99 by outcome',
          [
            [
              `histogram_quantile(0.99, sum by (le, outcome) (rate(events_hold_duration_seconds_bucket{${sel}}[${RATE}])))`,
              '{{outcome}}',
            ],
          ],
          { unit: 's' },
        ),
      ];
    case 'payments':
      return [
        row('Payments'),
        timeseries(
          'Payments by status',
          [[`sum by (status) (rate(payments_total{${sel}}[${RATE}]))`, '{{status}}']],
          { unit: 'ops' },
        ),
        timeseries(
          'Gateway latency p99 by outcome',
          [
            [
              `histogram_quantile(0.99, sum by (le, outcome) (rate(payment_gateway_duration_seconds_bucket{${sel}}[${RATE}])))`,
              '{{outcome}}',
            ],
          ],
          { unit: 's' },
        ),
        timeseries(
          'Calls to events: p99 by operation and outcome',
          [
            [
              `histogram_quantile(0.99, sum by (le, operation, outcome) (rate(payment_events_call_duration_seconds_bucket{${sel}}[${RATE}])))`,
              '{{operation}} {{outcome}}',
            ],
          ],
          { unit: 's' },
        ),
        timeseries(
          'Payment emails',
          [
            [`sum by (kind) (rate(payment_emails_sent_total{${sel}}[${RATE}]))`, 'sent {{kind}}'],
            [`sum(rate(payment_email_failures_total{${sel}}[${RATE}]))`, 'failed attempts'],
          ],
          { unit: 'ops' },
        ),
        timeseries('Payment emails waiting', [[`sum(payment_emails_pending{${sel}})`, 'pending']]),
      ];
    case 'clients':
      return [
        row('Clients'),
        timeseries(
          'Clients created by source',
          [[`sum by (source) (rate(clients_created_total{${sel}}[${RATE}]))`, '{{source}}']],
          { unit: 'ops' },
        ),
        timeseries(
          'Purchases processed (new or known buyer)',
          [[`sum by (client) (rate(clients_payments_processed_total{${sel}}[${RATE}]))`, '{{client}}']],
          { unit: 'ops' },
        ),
        timeseries(
          'Purchases without a user name',
          [[`sum(rate(clients_name_fallbacks_total{${sel}}[${RATE}]))`, 'name taken from the email']],
          { unit: 'ops' },
        ),
      ];
    case 'tickets':
      return [
        row('Tickets'),
        timeseries(
          'Tickets issued / duplicate requests',
          [
            [`sum(rate(tickets_issued_total{${sel}}[${RATE}]))`, 'issued'],
            [`sum(rate(tickets_duplicate_requests_total{${sel}}[${RATE}]))`, 'duplicate (no effect)'],
          ],
          { unit: 'ops' },
        ),
        timeseries(
          'Check-ins by outcome',
          [[`sum by (outcome) (rate(ticket_check_ins_total{${sel}}[${RATE}]))`, '{{outcome}}']],
          { unit: 'ops' },
        ),
        timeseries(
          'Ticket emails',
          [
            [`sum by (kind) (rate(ticket_emails_sent_total{${sel}}[${RATE}]))`, 'sent {{kind}}'],
            [`sum by (reason) (rate(ticket_emails_failed_total{${sel}}[${RATE}]))`, 'failed {{reason}}'],
          ],
          { unit: 'ops' },
        ),
        timeseries('Ticket emails waiting', [[`sum(ticket_emails_pending{${sel}})`, 'pending']]),
      ];
    case 'marketing':
      return [
        row('Leads'),
        timeseries(
          'Leads created by origin',
          [[`sum by (origin) (rate(leads_created_total{${sel}}[${RATE}]))`, '{{origin}}']],
          { unit: 'ops' },
        ),
        timeseries(
          'Leads converted by how',
          [[`sum by (via) (rate(leads_converted_total{${sel}}[${RATE}]))`, '{{via}}']],
          { unit: 'ops' },
        ),
        timeseries(
          'Erasures and rate-limited requests',
          [
            [`sum(rate(leads_erased_total{${sel}}[${RATE}]))`, 'erased'],
            [`sum(rate(leads_rate_limited_total{${sel}}[${RATE}]))`, 'POST /leads refused (429)'],
          ],
          { unit: 'ops' },
        ),
      ];
    default:
      throw new Error(`no panels for ${app}`);
  }
}

function appDashboard(app) {
  resetLayout();
  const { title, about, messaging, outbox } = APPS[app];
  const sel = `job="${app}", instance=~"$instance"`;
  const http = `${sel}, route!~"/health|/metrics"`;
  const panels = [
    row('Overview'),
    stat('Instances up', `sum(up{${sel}})`, { thresholds: redBelow(1) }),
    stat('Requests / s', `sum(rate(http_requests_total{${http}}[5m]))`, { unit: 'reqps', decimals: 1 }),
    stat(
      '5xx ratio (5 min)',
      `sum(rate(http_requests_total{${http}, status_code=~"5.."}[5m])) / clamp_min(sum(rate(http_requests_total{${http}}[5m])), 1e-9)`,
      {
        unit: 'percentunit',
        thresholds: redAbove(0.05),
      },
    ),
    stat(
      'p99 latency (5 min)',
      `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{${http}}[5m])))`,
      {
        unit: 's',
        thresholds: redAbove(1),
      },
    ),
    row('HTTP: rate, errors, duration (per route template)'),
    timeseries(
      'Requests per second by route',
      [[`sum by (method, route) (rate(http_requests_total{${http}}[${RATE}]))`, '{{method}} {{route}}']],
      { unit: 'reqps' },
    ),
    timeseries(
      'Responses by status code',
      [[`sum by (status_code) (rate(http_requests_total{${http}}[${RATE}]))`, '{{status_code}}']],
      { unit: 'reqps', stack: true },
    ),
    timeseries(
      'Errors by route (4xx and 5xx)',
      [
        [
          `sum by (method, route, status_code) (rate(http_requests_total{${http}, status_code=~"4..|5.."}[${RATE}]))`,
          '{{status_code}} {{method}} {{route}}',
        ],
      ],
      { unit: 'reqps' },
    ),
    timeseries(
      'Latency p50 / p95 / p99',
      [
        [
          `histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket{${http}}[${RATE}])))`,
          'p50',
        ],
        [
          `histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{${http}}[${RATE}])))`,
          'p95',
        ],
        [
          `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{${http}}[${RATE}])))`,
          'p99',
        ],
      ],
      { unit: 's' },
    ),
    timeseries(
      'Latency p99 by route',
      [
        [
          `histogram_quantile(0.99, sum by (le, method, route) (rate(http_request_duration_seconds_bucket{${http}}[${RATE}])))`,
          '{{method}} {{route}}',
        ],
      ],
      { unit: 's', w: 24 },
    ),
    row('Node.js runtime'),
    timeseries(
      'Memory',
      [
        [`sum by (instance) (process_resident_memory_bytes{${sel}})`, 'RSS {{instance}}'],
        [`sum by (instance) (nodejs_heap_size_used_bytes{${sel}})`, 'heap used {{instance}}'],
        [`sum by (instance) (nodejs_heap_size_total_bytes{${sel}})`, 'heap total {{instance}}'],
      ],
      { unit: 'bytes', w: 8 },
    ),
    timeseries(
      'CPU',
      [[`sum by (instance) (rate(process_cpu_seconds_total{${sel}}[${RATE}]))`, '{{instance}}']],
      { unit: 'percentunit', w: 8 },
    ),
    timeseries(
      'Event loop lag',
      [
        [`max by (instance) (nodejs_eventloop_lag_p99_seconds{${sel}})`, 'p99 {{instance}}'],
        [`max by (instance) (nodejs_eventloop_lag_mean_seconds{${sel}})`, 'mean {{instance}}'],
      ],
      { unit: 's', w: 8 },
    ),
    timeseries(
      'Garbage collection time by kind',
      [[`sum by (kind) (rate(nodejs_gc_duration_seconds_sum{${sel}}[${RATE}]))`, '{{kind}}']],
      { unit: 'percentunit', w: 8 },
    ),
    timeseries(
      'Active handles and requests',
      [
        [`sum by (instance) (nodejs_active_handles_total{${sel}})`, 'handles {{instance}}'],
        [`sum by (instance) (nodejs_active_requests_total{${sel}})`, 'requests {{instance}}'],
      ],
      { w: 8 },
    ),
    timeseries('Open file descriptors', [[`sum by (instance) (process_open_fds{${sel}})`, '{{instance}}']], {
      w: 8,
    }),
    ...appSpecific(app, sel),
  ];
  if (messaging)
    panels.push(
      row('Messaging (details: the Messaging dashboard)'),
      timeseries(
        'Messages handled by outcome',
        [
          [
            `sum by (topic, outcome) (rate(messages_consumed_total{${sel}}[${RATE}]))`,
            '{{topic}} {{outcome}}',
          ],
        ],
        { unit: 'ops', w: 8 },
      ),
      timeseries(
        'Consumer lag',
        [[`max by (group, topic) (kafka_consumer_lag{${sel}})`, '{{group}} {{topic}}']],
        { w: 8 },
      ),
      timeseries(
        'Retries',
        [[`sum by (topic) (rate(messages_retried_total{${sel}}[${RATE}]))`, '{{topic}}']],
        { unit: 'ops', w: 8 },
      ),
    );
  if (outbox)
    panels.push(
      timeseries(
        'Outbox: published per second',
        [[`sum by (topic) (rate(outbox_published_total{${sel}}[${RATE}]))`, '{{topic}}']],
        { unit: 'ops', w: 8 },
      ),
      timeseries('Outbox: waiting', [[`max(outbox_pending{${sel}})`, 'pending']], { w: 8 }),
      timeseries('Outbox: oldest unpublished message', [[`max(outbox_oldest_age_seconds{${sel}})`, 'age']], {
        unit: 's',
        w: 8,
      }),
    );
  return dashboard({
    uid: `et-${app}`,
    title: `Event Tickets / ${title}`,
    description: `${title}: ${about}. RED metrics per route template, Node.js runtime, the app's own counters.`,
    tags: ['app', app],
    templating: [instanceVariable(app)],
    panels,
  });
}

// ---- messaging: consumers, dead letters, outbox -------------------------------------------------

function messagingDashboard() {
  resetLayout();
  const sel = 'job=~"$job"';
  return dashboard({
    uid: 'et-messaging',
    title: 'Event Tickets / Messaging',
    description:
      'Kafka consumers (lag, outcomes, retries, dead letters) and the transactional outboxes of every app.',
    tags: ['messaging', 'kafka'],
    templating: [
      {
        name: 'job',
        label: 'app',
        type: 'custom',
        query: 'events,payments,clients,tickets,marketing',
        options: [],
        includeAll: true,
        multi: true,
        allValue: 'events|payments|clients|tickets|marketing',
        current: { text: 'All', value: '$__all' },
      },
    ],
    panels: [
      row('Consumers'),
      stat(
        'Dead-lettered (time range)',
        `sum(increase(messages_consumed_total{${sel}, outcome="dead_lettered"}[$__range]))`,
        { thresholds: redAbove(1) },
      ),
      stat('Max consumer lag', `max(kafka_consumer_lag{${sel}})`, { thresholds: redAbove(1000) }),
      stat('Retries / s', `sum(rate(messages_retried_total{${sel}}[5m]))`, {
        unit: 'ops',
        decimals: 2,
        thresholds: redAbove(0.01),
      }),
      stat('Outbox waiting', `sum(outbox_pending{${sel}})`, { thresholds: redAbove(100) }),
      timeseries(
        'Consumer lag by group and topic',
        [[`max by (job, group, topic) (kafka_consumer_lag{${sel}})`, '{{job}} {{group}} {{topic}}']],
        {
          description: 'Messages behind the partition high watermark, as last seen by the consumer.',
        },
      ),
      timeseries(
        'Messages handled by outcome',
        [
          [
            `sum by (job, topic, outcome) (rate(messages_consumed_total{${sel}}[${RATE}]))`,
            '{{job}} {{topic}} {{outcome}}',
          ],
        ],
        { unit: 'ops' },
      ),
      timeseries(
        'Retried attempts',
        [
          [
            `sum by (job, group, topic) (rate(messages_retried_total{${sel}}[${RATE}]))`,
            '{{job}} {{group}} {{topic}}',
          ],
        ],
        {
          unit: 'ops',
          description:
            'Failed attempts that will be retried (the offset is not committed). Sustained retries: see the logs.',
        },
      ),
      timeseries(
        'Dead-lettered messages (to <TOPIC>.DLQ)',
        [
          [
            `sum by (job, group, topic) (increase(messages_consumed_total{${sel}, outcome="dead_lettered"}[${RATE}]))`,
            '{{job}} {{group}} {{topic}}',
          ],
        ],
        { description: "The reason travels in the dead letter's dlq-reason header." },
      ),
      timeseries(
        'Duplicates skipped (redeliveries without effect)',
        [
          [
            `sum by (job, topic) (rate(messages_consumed_total{${sel}, outcome="duplicate"}[${RATE}]))`,
            '{{job}} {{topic}}',
          ],
        ],
        { unit: 'ops', w: 24 },
      ),
      row('Transactional outbox'),
      timeseries(
        'Published per second by topic',
        [[`sum by (job, topic) (rate(outbox_published_total{${sel}}[${RATE}]))`, '{{job}} {{topic}}']],
        { unit: 'ops' },
      ),
      timeseries(
        'Failed publish batches',
        [[`sum by (job) (rate(outbox_publish_failures_total{${sel}}[${RATE}]))`, '{{job}}']],
        { unit: 'ops' },
      ),
      timeseries('Messages waiting', [[`max by (job) (outbox_pending{${sel}})`, '{{job}}']]),
      timeseries(
        'Oldest unpublished message',
        [[`max by (job) (outbox_oldest_age_seconds{${sel}})`, '{{job}}']],
        { unit: 's' },
      ),
    ],
  });
}

// ---- business: sales, payments, tickets, check-ins, leads ---------------------------------------

function businessDashboard() {
  resetLayout();
  const range = '$__range';
  return dashboard({
    uid: 'et-business',
    title: 'Event Tickets / Business',
    description: 'Sales per event, payments by status, refunds, tickets issued, check-ins, lead conversion.',
    tags: ['business'],
    panels: [
      row('In the selected time range'),
      stat('Seats sold', `sum(increase(events_seats_sold_total[${range}]))`, { w: 4, decimals: 0 }),
      stat('Payments approved', `sum(increase(payments_total{status="SUCCESS"}[${range}]))`, {
        w: 4,
        decimals: 0,
      }),
      stat('Payments failed', `sum(increase(payments_total{status="FAILED"}[${range}]))`, {
        w: 4,
        decimals: 0,
      }),
      stat('Tickets issued', `sum(increase(tickets_issued_total[${range}]))`, { w: 4, decimals: 0 }),
      stat('Check-ins', `sum(increase(ticket_check_ins_total{outcome="checked_in"}[${range}]))`, {
        w: 4,
        decimals: 0,
      }),
      stat(
        'Lead conversion',
        `sum(increase(leads_converted_total[${range}])) / clamp_min(sum(increase(leads_created_total[${range}])), 1)`,
        { w: 4, unit: 'percentunit', description: 'Leads converted / leads created in the range.' },
      ),
      sqlTable(
        'Sales per event (events database)',
        [
          'SELECT e.id, e.name AS event, e.event_date, e.status,',
          '  sum(t.sold)::int AS sold, sum(t.held)::int AS held, sum(t.refunded)::int AS refunded,',
          "  CASE WHEN bool_or(t.capacity IS NULL) THEN 'unlimited' ELSE sum(t.capacity)::text END AS capacity,",
          '  CASE WHEN bool_or(t.capacity IS NULL) THEN NULL',
          '    ELSE round(100.0 * sum(t.sold) / NULLIF(sum(t.capacity), 0), 1) END AS "sold %",',
          '  sum(t.revenue) AS revenue, e.currency',
          'FROM events e JOIN ticket_types t ON t.event_id = e.id',
          'GROUP BY e.id',
          'ORDER BY sum(t.sold) DESC, e.id DESC',
          'LIMIT 50',
        ].join('\n'),
        {
          description:
            'Straight from the events database (the seat counters of every ticket type, summed per event; revenue is what sold seats were sold for, net of refunds); a per-event Prometheus label would be unbounded cardinality.',
        },
      ),
      row('Over time'),
      timeseries('Payments by status', [[`sum by (status) (rate(payments_total[${RATE}]))`, '{{status}}']], {
        unit: 'ops',
        stack: true,
      }),
      timeseries(
        'Seats: held, sold, released',
        [
          [`sum(rate(events_seats_held_total[${RATE}]))`, 'held'],
          [`sum(rate(events_seats_sold_total[${RATE}]))`, 'sold'],
          [`sum by (reason) (rate(events_seats_released_total[${RATE}]))`, 'released ({{reason}})'],
        ],
        { unit: 'ops' },
      ),
      timeseries('Tickets issued', [[`sum(rate(tickets_issued_total[${RATE}]))`, 'issued']], { unit: 'ops' }),
      timeseries(
        'Check-ins by outcome',
        [[`sum by (outcome) (rate(ticket_check_ins_total[${RATE}]))`, '{{outcome}}']],
        { unit: 'ops' },
      ),
      timeseries(
        'Leads: created and converted',
        [
          [`sum by (origin) (rate(leads_created_total[${RATE}]))`, 'created ({{origin}})'],
          [`sum by (via) (rate(leads_converted_total[${RATE}]))`, 'converted ({{via}})'],
        ],
        { unit: 'ops' },
      ),
      timeseries(
        'New buyers (clients created)',
        [[`sum by (source) (rate(clients_created_total[${RATE}]))`, '{{source}}']],
        { unit: 'ops' },
      ),
      timeseries(
        'Emails sent',
        [
          [`sum by (kind) (rate(payment_emails_sent_total[${RATE}]))`, 'payment {{kind}}'],
          [`sum by (kind) (rate(ticket_emails_sent_total[${RATE}]))`, 'ticket {{kind}}'],
        ],
        { unit: 'ops', w: 24 },
      ),
      timeseries(
        'Refunds',
        [
          [`sum by (reason) (rate(payments_refunds_total[${RATE}]))`, 'refunds ({{reason}})'],
          [`sum by (code) (rate(payments_refunds_rejected_total[${RATE}]))`, 'refused ({{code}})'],
        ],
        {
          unit: 'ops',
          w: 24,
          description:
            'Refunds completed by reason (buyer, admin, event_cancelled, no_seat) and refused by tickets; money given back: payments_refunded_amount_total.',
        },
      ),
    ],
  });
}

const files = {
  ...Object.fromEntries(Object.keys(APPS).map((app) => [`${app}.json`, appDashboard(app)])),
  'messaging.json': messagingDashboard(),
  'business.json': businessDashboard(),
};

const check = process.argv.includes('--check');
let stale = 0;
for (const [name, body] of Object.entries(files)) {
  const path = join(OUT, name);
  const text = `${JSON.stringify(body, null, 2)}\n`;
  if (check) {
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      /* missing */
    }
    if (current !== text) {
      stale += 1;
      console.error(
        `${path} is not what generate-dashboards.mjs writes: run node observability/grafana/generate-dashboards.mjs`,
      );
    }
  } else {
    writeFileSync(path, text);
    console.log(`wrote ${path}`);
  }
}
process.exit(stale ? 1 : 0);
