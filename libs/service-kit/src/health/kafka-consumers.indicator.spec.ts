import { HealthIndicatorService } from '@nestjs/terminus';
import { AppConfig } from '../config/app-config';
import type { KafkaEnv } from '../config/env.fragments';
import type { ConsumerHost } from '../messaging/consumer-host';
import type { ConsumerGroupState } from '../messaging/consumer-supervisor';
import { KafkaConsumersHealthIndicator } from './kafka-consumers.indicator';

function indicator(states: ConsumerGroupState[], thresholdMs = 30_000) {
  const host = { groupStates: () => states } as unknown as ConsumerHost;
  const config = new AppConfig('tests', { KAFKA_CONSUMER_DOWN_READINESS_MS: thresholdMs } as KafkaEnv);
  return new KafkaConsumersHealthIndicator(host, config, new HealthIndicatorService());
}

const ago = (ms: number) => new Date(Date.now() - ms);

describe('KafkaConsumersHealthIndicator (readiness of the consumer groups)', () => {
  it('is up while every group runs, or is down for less than the threshold', async () => {
    expect(
      await indicator([
        { group: 'clients', running: true, since: ago(60_000), restarts: 0 },
        { group: 'group-payment-created', running: false, since: ago(10_000), restarts: 2 },
      ]).isHealthy(),
    ).toEqual({
      'kafka-consumers': {
        status: 'up',
        groups: { clients: 'running', 'group-payment-created': 'down' },
      },
    });
    expect(await indicator([]).isHealthy()).toEqual({ 'kafka-consumers': { status: 'up', groups: {} } });
  });

  it('is down once a group has been down longer than the threshold, naming it', async () => {
    expect(
      await indicator(
        [
          { group: 'clients', running: false, since: ago(3_000), restarts: 1 },
          { group: 'marketing', running: true, since: ago(3_000), restarts: 0 },
        ],
        2_000,
      ).isHealthy(),
    ).toEqual({
      'kafka-consumers': {
        status: 'down',
        message: 'consumer group down: clients',
        groups: { clients: 'down', marketing: 'running' },
      },
    });
  });
});
