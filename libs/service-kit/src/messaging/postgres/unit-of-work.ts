import { Injectable } from '@nestjs/common';
import { Database, type Sql } from '../../database/sql';
import type { OutgoingMessage } from '../outgoing-message';
import { OutboxWriter } from './outbox.writer';
import { PostgresOutboxRelay } from './outbox.relay';

/** What a use case gets inside its transaction: the database port for its writes, and `publish` for messages. */
export interface Transaction extends Sql {
  publish(...messages: OutgoingMessage[]): Promise<void>;
}

/**
 * The statements of one transaction, plus the outbox writes that commit with them: collected as the
 * work publishes and written in one insert just before the commit (a batch of messages handled in one
 * transaction writes all its outbox rows at once).
 */
class OutboxTransaction implements Transaction {
  private readonly pending: OutgoingMessage[] = [];
  published = false;

  constructor(
    private readonly sql: Sql,
    private readonly outbox: OutboxWriter,
  ) {}

  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]> {
    return this.sql.query<T>(text, params);
  }

  execute(text: string, params?: readonly unknown[]): Promise<number> {
    return this.sql.execute(text, params);
  }

  prepared<T = Record<string, unknown>>(
    name: string,
    text: string,
    params?: readonly unknown[],
  ): Promise<T[]> {
    return this.sql.prepared<T>(name, text, params);
  }

  publish(...messages: OutgoingMessage[]): Promise<void> {
    this.pending.push(...messages);
    return Promise.resolve();
  }

  /** Writes what was published, before the commit. */
  async flush(): Promise<void> {
    if (!this.pending.length) return;
    this.published = true;
    await this.outbox.enqueue(this.sql, this.pending.splice(0));
  }
}

/**
 * One transaction per use case: the state change and the messages it causes commit together (no dual
 * write); after the commit the relay is kicked so messages leave at once.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly database: Database,
    private readonly outbox: OutboxWriter,
    private readonly relay: PostgresOutboxRelay,
  ) {}

  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    let tx: OutboxTransaction | undefined;
    const result = await this.database.transaction(async (sql) => {
      const done = await work((tx = new OutboxTransaction(sql, this.outbox)));
      await tx.flush();
      return done;
    });
    if (tx?.published) this.relay.kick();
    return result;
  }
}
