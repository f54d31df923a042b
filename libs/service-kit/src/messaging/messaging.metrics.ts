import { counter, gauge } from '@event-tickets/telemetry';

/** Messaging metrics: outcomes per topic and group, lag, consumer state, outbox backlog and parked messages. */
export const messagingMetrics = {
  consumed: counter({
    name: 'messages_consumed_total',
    help: 'Messages handled by a consumer, by outcome (processed, duplicate, dead_lettered)',
    labelNames: ['topic', 'group', 'outcome'] as const,
  }),
  retried: counter({
    name: 'messages_retried_total',
    help: 'Attempts that failed and were retried (the offset was not committed)',
    labelNames: ['topic', 'group'] as const,
  }),
  batches: counter({
    name: 'kafka_consumer_batches_total',
    help: 'Units of several messages handled together, by outcome (committed; fallback: handled again one by one)',
    labelNames: ['topic', 'group', 'outcome'] as const,
  }),
  lag: gauge({
    name: 'kafka_consumer_lag',
    help: 'Messages behind the partition high watermark, as last seen by the consumer',
    labelNames: ['topic', 'partition', 'group'] as const,
  }),
  consumerUp: gauge({
    name: 'kafka_consumer_up',
    help: 'Whether the consumer group is running in this app (1: joined; 0: crashed and restarting, or starting)',
    labelNames: ['group'] as const,
  }),
  consumerRestarts: counter({
    name: 'kafka_consumer_restarts_total',
    help: 'Consumers of the group replaced after a crash',
    labelNames: ['group'] as const,
  }),
  published: counter({
    name: 'outbox_published_total',
    help: 'Messages published by the outbox relay',
    labelNames: ['topic'] as const,
  }),
  publishFailures: counter({
    name: 'outbox_publish_failures_total',
    help: 'Relay batches that failed to publish and were rescheduled',
  }),
  pending: gauge({
    name: 'outbox_pending',
    help: 'Outbox messages waiting to be published (parked ones excluded)',
  }),
  oldestAge: gauge({
    name: 'outbox_oldest_age_seconds',
    help: 'Age of the oldest outbox message waiting to be published (parked ones excluded)',
  }),
  parked: gauge({
    name: 'outbox_parked_messages',
    help: 'Outbox messages Kafka refused alone (too large, invalid), set aside for an operator',
    labelNames: ['topic'] as const,
  }),
};
