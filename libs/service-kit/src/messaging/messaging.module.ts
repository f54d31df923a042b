import { type DynamicModule, Module } from '@nestjs/common';
import type { AnyContract } from './consumes.decorator';
import { MessagingOptions } from './messaging-options';
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
  /** `produces`: the contracts this app publishes; their topics are created at start-up. */
  static forPostgres(options: { produces?: AnyContract[] } = {}): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule, KafkaModule],
      providers: [
        { provide: MessagingOptions, useValue: new MessagingOptions(options.produces ?? []) },
        KafkaPublisher,
        OutboxWriter,
        PostgresOutboxRelay,
        UnitOfWork,
        ConsumerHost,
      ],
      exports: [KafkaModule, KafkaPublisher, UnitOfWork, PostgresOutboxRelay],
    };
  }

  static forMongo(options: { produces?: AnyContract[] } = {}): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule, KafkaModule],
      providers: [
        { provide: MessagingOptions, useValue: new MessagingOptions(options.produces ?? []) },
        KafkaPublisher,
        MongoOutboxRelay,
        ConsumerHost,
      ],
      exports: [KafkaModule, KafkaPublisher, MongoOutboxRelay],
    };
  }
}
