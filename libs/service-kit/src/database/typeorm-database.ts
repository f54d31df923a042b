import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';
import { Database, type Sql } from './sql';

/** Statements on one pg connection (pg's public client API: plain rows, `rowCount`, named statements). */
class ConnectionSql implements Sql {
  constructor(private readonly client: PoolClient) {}

  async query<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.client.query(text, params as unknown[])).rows as T[];
  }

  async execute(text: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.client.query(text, params as unknown[])).rowCount ?? 0;
  }

  async prepared<T>(name: string, text: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.client.query({ name, text, values: params as unknown[] })).rows as T[];
  }
}

/**
 * The port on TypeORM's connection pool: TypeORM keeps the connections and runs the migrations; a
 * statement borrows a connection through a QueryRunner and talks to it with pg's own API.
 */
@Injectable()
export class TypeOrmDatabase extends Database {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  query<T>(text: string, params?: readonly unknown[]): Promise<T[]> {
    return this.onConnection((sql) => sql.query<T>(text, params));
  }

  execute(text: string, params?: readonly unknown[]): Promise<number> {
    return this.onConnection((sql) => sql.execute(text, params));
  }

  prepared<T>(name: string, text: string, params?: readonly unknown[]): Promise<T[]> {
    return this.onConnection((sql) => sql.prepared<T>(name, text, params));
  }

  async transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return this.onConnection(async (sql, runner) => {
      await runner.startTransaction();
      try {
        const result = await work(sql);
        await runner.commitTransaction();
        return result;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    });
  }

  private async onConnection<T>(use: (sql: Sql, runner: QueryRunner) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      return await use(new ConnectionSql(client), runner);
    } finally {
      await runner.release();
    }
  }
}
