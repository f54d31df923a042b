import { Clients } from '@event-tickets/contracts';
import { AppConfig } from '../../config/app-config';
import type { KafkaEnv } from '../../config/env.fragments';
import { Database, type Sql } from '../../database/sql';
import type { MessageContext } from '../consumes.decorator';
import { outgoing } from '../outgoing-message';
import { OutboxWriter } from './outbox.writer';
import type { PostgresOutboxRelay } from './outbox.relay';
import { PostgresInbox } from './postgres-inbox';
import { UnitOfWork } from './unit-of-work';

/**
 * An in-memory database: statements of a transaction take effect only when it commits. It knows the
 * inbox (a set of group/message ids) and records every other statement as text.
 */
class FakeDatabase extends Database {
  readonly inbox = new Set<string>();
  readonly committed: string[] = [];
  readonly events: string[] = [];

  async query<T>(): Promise<T[]> {
    throw new Error('autocommit statements are not used here');
  }
  async execute(): Promise<number> {
    throw new Error('autocommit statements are not used here');
  }
  async prepared<T>(): Promise<T[]> {
    throw new Error('autocommit statements are not used here');
  }

  async transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    const inbox = new Set(this.inbox);
    const statements: string[] = [];
    const run = async <R>(text: string, params: readonly unknown[] = []): Promise<R[]> => {
      if (!text.includes('inbox_messages')) {
        statements.push(text);
        return [];
      }
      const key = `${String(params[0])}/${String(params[1])}`;
      if (inbox.has(key)) return [];
      inbox.add(key);
      return [{ message_id: params[1] } as R];
    };
    const sql: Sql = {
      query: (text, params) => run(text, params),
      execute: async (text, params) => (await run(text, params)).length,
      prepared: (_name, text, params) => run(text, params),
    };
    const result = await work(sql).catch((error: unknown) => {
      this.events.push('rollback');
      throw error;
    });
    for (const key of inbox) this.inbox.add(key);
    this.committed.push(...statements);
    this.events.push('commit');
    return result;
  }
}

const context = (messageId: string): MessageContext => ({
  messageId,
  metadata: { messageId } as MessageContext['metadata'],
  topic: 'CLIENT_CREATED',
  partition: 0,
  offset: '0',
  key: null,
  group: 'ledger',
});

describe(PostgresInbox.name, () => {
  let database: FakeDatabase;
  let inbox: PostgresInbox;

  beforeEach(() => {
    database = new FakeDatabase();
    const relay = { kick: () => database.events.push('kick') } as unknown as PostgresOutboxRelay;
    const config = new AppConfig<KafkaEnv>('ledger', { CLIENT_CREATED_TOPIC: 'CLIENT_CREATED' } as KafkaEnv);
    inbox = new PostgresInbox(new UnitOfWork(database, new OutboxWriter(config), relay));
  });

  it('runs the handler in the transaction that records the message, once per group and message', async () => {
    const effect = async (ctx: { tx: Sql }) => void (await ctx.tx.execute('INSERT INTO effects'));

    expect(await inbox.deliver(context('m-1'), effect)).toBe('processed');
    expect(await inbox.deliver(context('m-1'), effect)).toBe('duplicate');

    expect(database.committed).toEqual(['INSERT INTO effects']);
    expect(database.inbox).toEqual(new Set(['ledger/m-1']));
  });

  it('rolls the inbox row back with a failed handler, so the message is processed again', async () => {
    const failing = () => Promise.reject(new Error('handler failed'));

    await expect(inbox.deliver(context('m-2'), failing)).rejects.toThrow('handler failed');
    expect(database.events).toEqual(['rollback']);
    expect(await inbox.deliver(context('m-2'), async () => undefined)).toBe('processed');
  });

  it('kicks the relay after the commit only when the handler published', async () => {
    await inbox.deliver(context('m-3'), async () => undefined);
    expect(database.events).toEqual(['commit']);

    await inbox.deliver(context('m-4'), (ctx) =>
      ctx.tx.publish(outgoing(Clients.ClientCreatedV1, { email: 'a@example.com' }, { key: 'a' })),
    );
    expect(database.events).toEqual(['commit', 'commit', 'kick']);
    expect(database.committed).toEqual([expect.stringContaining('INSERT INTO outbox_messages')]);
  });
});
