import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { OutgoingMessage } from '../outgoing-message';
import { OutboxWriter } from './outbox.writer';
import { PostgresOutboxRelay } from './outbox.relay';

/** What a use case gets inside its transaction: the manager for its writes, and `publish` for messages. */
export interface Transaction {
  manager: EntityManager;
  publish(...messages: OutgoingMessage[]): Promise<void>;
}

/**
 * One transaction per use case: the state change and the messages it causes commit together (no dual
 * write); after the commit the relay is kicked so messages leave at once.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly relay: PostgresOutboxRelay,
  ) {}

  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    let wrote = false;
    const result = await this.dataSource.transaction((manager) =>
      work({
        manager,
        publish: async (...messages) => {
          wrote ||= messages.length > 0;
          await this.outbox.enqueue(manager, messages);
        },
      }),
    );
    if (wrote) this.relay.kick();
    return result;
  }

  /** For a consumer that already holds a transaction: write into it, kick after its commit. */
  transactionOf(manager: EntityManager, onWrite: () => void): Transaction {
    return {
      manager,
      publish: async (...messages) => {
        if (messages.length) onWrite();
        await this.outbox.enqueue(manager, messages);
      },
    };
  }

  kickRelay(): void {
    this.relay.kick();
  }
}
