import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { AppConfig } from '../config/app-config';
import type { KafkaEnv } from '../config/env.fragments';
import { ConsumerHost } from '../messaging/consumer-host';
import { DependencyDown, DependencyIndicator } from './dependency-indicator';

/**
 * The app's consumer groups, for readiness: down when a group has been down (crashed and not yet
 * running again, or never joined) for longer than KAFKA_CONSUMER_DOWN_READINESS_MS. A short outage
 * (a restart, a rebalance) is tolerated. It reads the consumer host's state in memory: no call.
 */
@Injectable()
export class KafkaConsumersHealthIndicator extends DependencyIndicator {
  readonly key = 'kafka-consumers';
  /** In-memory state: never cached, so readiness is not a few seconds behind a crash or a restart. */
  override cacheMs = 0;

  constructor(
    private readonly host: ConsumerHost,
    private readonly config: AppConfig<KafkaEnv>,
    indicators: HealthIndicatorService,
  ) {
    super(indicators);
  }

  protected async ping() {
    const now = Date.now();
    const groups = this.host.groupStates();
    const late = groups.filter(
      (g) => !g.running && now - g.since.getTime() > this.config.env.KAFKA_CONSUMER_DOWN_READINESS_MS,
    );
    const groupStates = Object.fromEntries(groups.map((g) => [g.group, g.running ? 'running' : 'down']));
    // The message stays the same while the same groups are down (the log says when it changes).
    if (late.length)
      throw new DependencyDown(`consumer group down: ${late.map((g) => g.group).join(', ')}`, {
        groups: groupStates,
      });
    return { groups: groupStates };
  }
}
