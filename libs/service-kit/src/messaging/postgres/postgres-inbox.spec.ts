import { Clients } from '@event-tickets/contracts';
import { AppConfig } from '../../config/app-config';
import type { KafkaEnv } from '../../config/env.fragments';
import { Database, type Sql } from '../../database/sql';
import type { MessageContext } from '../consumes.decorator';
import { outgoing } from '../outgoing-message';
import { OutboxWriter } from './outbox.writer';
import type { PostgresOutboxRelay } from './outbox.relay';
import { PostgresInbox } from './postgres-inbox';
import { type Transaction, UnitOfWork } from './unit-of-work';

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
      const ids = Array.isArray(params[1]) ? (params[1] as string[]) : [String(params[1])];
      const recorded: R[] = [];
      for (const id of ids) {
        const key = `${String(params[0])}/${id}`;
        if (inbox.has(key)) continue;
        inbox.add(key);
        recorded.push({ message_id: id } as R);
      }
      return recorded;
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

  describe('a batch', () => {
    const item = (messageId: string, email: string) => ({ payload: { email }, context: context(messageId) });
    const publishing = {
      handle: (payload: unknown, ctx: MessageContext) =>
        (ctx as MessageContext & { tx: Transaction }).tx.publish(
          outgoing(Clients.ClientCreatedV1, payload as { email: string }, { key: 'k' }),
        ),
    };

    it('records every new message, runs each once in order, and writes their outbox rows in one insert with one commit', async () => {
      await inbox.deliver(context('b-0'), async () => undefined);
      const outcomes = await inbox.deliverBatch(
        [
          item('b-1', 'a@example.com'),
          item('b-0', 'old@example.com'),
          item('b-2', 'b@example.com'),
          item('b-1', 'a@example.com'),
        ],
        publishing,
      );

      expect(outcomes).toEqual(['processed', 'duplicate', 'processed', 'duplicate']);
      expect(database.events).toEqual(['commit', 'commit', 'kick']);
      expect(database.committed).toHaveLength(1);
      expect(database.committed[0]).toMatch(/INSERT INTO outbox_messages .* VALUES \(.*\), \(.*\)$/s);
    });

    it('has no effect at all when one message fails: nothing recorded, so each is delivered again', async () => {
      const failing = {
        handle: (payload: unknown, ctx: MessageContext) =>
          (payload as { email: string }).email.startsWith('bad')
            ? Promise.reject(new Error('handler failed'))
            : publishing.handle(payload, ctx),
      };

      await expect(
        inbox.deliverBatch([item('c-1', 'a@example.com'), item('c-2', 'bad@example.com')], failing),
      ).rejects.toThrow('handler failed');
      expect(database.events).toEqual(['rollback']);
      expect(database.inbox.size).toBe(0);
      expect(await inbox.deliver(context('c-1'), async () => undefined)).toBe('processed');
    });
  });
});
