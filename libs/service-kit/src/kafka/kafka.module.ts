import { Module } from '@nestjs/common';
import { KafkaClient } from './kafka-client';
import { KafkaHealthIndicator } from '../health/kafka.indicator';

/** Kafka for an app: the shared client and its readiness check. */
@Module({
  providers: [KafkaClient, KafkaHealthIndicator],
  exports: [KafkaClient],
})
export class KafkaModule {}
