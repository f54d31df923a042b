import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { type Database, TypeOrmDatabase } from '@event-tickets/service-kit';
import { uniqueName } from './apps';

function adminClient(database = 'postgres') {
  return new Client({
    host: process.env.DB_HOST,
    port: Number(process.env.DB_PORT),
    user: process.env.DB_USER,
    password: process.env.DB_PASSWORD,
    database,
  });
}

/** A fresh, empty PostgreSQL database for one test file; dropped by the returned function. */
export async function createTestDatabase(prefix: string): Promise<{ name: string; drop(): Promise<void> }> {
  const name = uniqueName(`t_${prefix}`).toLowerCase();
  const admin = adminClient();
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    name,
    async drop() {
      const c = adminClient();
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function queryDatabase<T = Record<string, unknown>>(
  database: string,
  sql: string,
  params: unknown[] = [],
) {
  const c = adminClient(database);
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/**
 * A fresh database with the kit's database port on it (TypeORM's pool underneath, as in the apps),
 * for tests of a kit component that talks SQL; `close` ends the pool and drops the database.
 */
export async function createTestDatabasePort(
  prefix: string,
): Promise<{ name: string; database: Database; close(): Promise<void> }> {
  const db = await createTestDatabase(prefix);
  const dataSource = new DataSource({
    type: 'postgres',
    host: process.env.DB_HOST,
    port: Number(process.env.DB_PORT),
    username: process.env.DB_USER,
    password: process.env.DB_PASSWORD,
    database: db.name,
    extra: { max: 3 },
  });
  await dataSource.initialize();
  return {
    name: db.name,
    database: new TypeOrmDatabase(dataSource),
    async close() {
      await dataSource.destroy();
      await db.drop();
    },
  };
}
