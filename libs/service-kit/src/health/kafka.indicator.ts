import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { KafkaClient } from '../kafka/kafka-client';
import { DependencyIndicator } from './dependency-indicator';

@Injectable()
export class KafkaHealthIndicator extends DependencyIndicator {
  readonly key = 'kafka';

  constructor(
    private readonly client: KafkaClient,
    indicators: HealthIndicatorService,
  ) {
    super(indicators);
  }

  protected async ping() {
    const admin = await this.client.sharedAdmin();
    const cluster = await admin.describeCluster();
    return { brokers: cluster.brokers.length, controller: cluster.controller };
  }
}
