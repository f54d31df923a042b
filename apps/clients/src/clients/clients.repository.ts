import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ClientRow } from './client.record';

/** Anything that runs SQL: the DataSource (autocommit) or a transaction's EntityManager. */
export interface Sql {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

const COLUMNS = 'id, name, email, created_at';

/** The `clients` table. Emails are unique case-insensitively (index on lower(email)). */
@Injectable()
export class ClientsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts the client unless one with this email (in any case) exists; undefined then. A concurrent
   * insert of the same email waits for the other transaction and then does nothing: no unique-key
   * error, no duplicate. Any database error propagates (it is never read as "not found").
   */
  async insertIfAbsent(db: Sql, name: string, email: string): Promise<ClientRow | undefined> {
    const rows = (await db.query(
      `INSERT INTO clients (name, email) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [name, email],
    )) as ClientRow[];
    return rows[0];
  }

  async findByEmail(email: string): Promise<ClientRow | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM clients WHERE lower(email) = lower($1)`,
      [email.trim()],
    )) as ClientRow[];
    return rows[0];
  }

  /** Newest first. */
  async page(offset: number, limit: number): Promise<{ rows: ClientRow[]; total: number }> {
    const [rows, [count]] = await Promise.all([
      this.dataSource.query(`SELECT ${COLUMNS} FROM clients ORDER BY id DESC LIMIT $1 OFFSET $2`, [
        limit,
        offset,
      ]) as Promise<ClientRow[]>,
      this.dataSource.query(`SELECT count(*)::int AS total FROM clients`) as Promise<{ total: number }[]>,
    ]);
    return { rows, total: count?.total ?? 0 };
  }
}
