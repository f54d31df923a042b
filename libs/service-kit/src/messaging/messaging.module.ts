import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { KafkaModule } from '../kafka/kafka.module';
import { ConsumerHost } from './consumer-host';
import { KafkaPublisher } from './kafka-publisher';
import { MongoOutboxRelay } from './mongo/mongo-outbox.relay';
import { OutboxWriter } from './postgres/outbox.writer';
import { PostgresOutboxRelay } from './postgres/outbox.relay';
import { UnitOfWork } from './postgres/unit-of-work';

/**
 * Kafka messaging for an app: `forPostgres()` gives the transactional outbox (UnitOfWork) and the
 * inbox-deduplicated consumers; `forMongo()` gives the document outbox and consumers whose handlers
 * are idempotent by a unique key. Handlers are found by their `@Consumes` decorator.
 */
@Module({})
export class MessagingModule {
  static forPostgres(): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule, KafkaModule],
      providers: [KafkaPublisher, OutboxWriter, PostgresOutboxRelay, UnitOfWork, ConsumerHost],
      exports: [KafkaModule, KafkaPublisher, UnitOfWork, PostgresOutboxRelay],
    };
  }

  static forMongo(): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule, KafkaModule],
      providers: [KafkaPublisher, MongoOutboxRelay, ConsumerHost],
      exports: [KafkaModule, KafkaPublisher, MongoOutboxRelay],
    };
  }
}
