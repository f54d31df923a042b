import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthService, type HealthIndicator } from '../health/health.service';
import { KafkaClient } from './kafka-client';

@Injectable()
export class KafkaHealthIndicator implements HealthIndicator, OnModuleInit {
  readonly name = 'kafka';
  constructor(
    private readonly client: KafkaClient,
    private readonly health: HealthService,
  ) {}
  onModuleInit() {
    this.health.register(this);
  }
  async check() {
    const admin = await this.client.sharedAdmin();
    const cluster = await admin.describeCluster();
    return { brokers: cluster.brokers.length, controller: cluster.controller };
  }
}
