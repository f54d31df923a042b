import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { KafkaConsumersHealthIndicator } from '../health/kafka-consumers.indicator';
import { KafkaModule } from '../kafka/kafka.module';
import type { AnyContract } from './consumes.decorator';
import { ConsumerHost } from './consumer-host';
import { InboxStore } from './inbox-store';
import { KafkaPublisher } from './kafka-publisher';
import { MessagingOptions } from './messaging-options';
import { MongoInbox } from './mongo/mongo-inbox';
import { OutboxWriter } from './postgres/outbox.writer';
import { PostgresOutboxRelay } from './postgres/outbox.relay';
import { PostgresInbox } from './postgres/postgres-inbox';
import { UnitOfWork } from './postgres/unit-of-work';

/**
 * Kafka messaging for an app: `forPostgres()` gives the transactional outbox (UnitOfWork) and
 * consumers deduplicated by the inbox table in the handler's transaction; `forMongo()` gives consumers
 * whose handlers are idempotent by a unique key. Handlers are found by their `@Consumes` decorator.
 * Readiness includes `kafka-consumers`: every consumer group running (or down only briefly).
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
        { provide: InboxStore, useClass: PostgresInbox },
        ConsumerHost,
        KafkaConsumersHealthIndicator,
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
        { provide: InboxStore, useClass: MongoInbox },
        ConsumerHost,
        KafkaConsumersHealthIndicator,
      ],
      exports: [KafkaModule, KafkaPublisher],
    };
  }
}
