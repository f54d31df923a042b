import { Injectable } from '@nestjs/common';
import { Database, type Sql } from '@event-tickets/service-kit';
import type { ClientRow } from './client.record';

const COLUMNS = 'id, name, email, created_at';

/** The `clients` table. Emails are unique case-insensitively (index on lower(email)). */
@Injectable()
export class ClientsRepository {
  constructor(private readonly db: Database) {}

  /**
   * Inserts the client unless one with this email (in any case) exists; undefined then. A concurrent
   * insert of the same email waits for the other transaction and then does nothing: no unique-key
   * error, no duplicate. Any database error propagates (it is never read as "not found").
   */
  async insertIfAbsent(sql: Sql, name: string, email: string): Promise<ClientRow | undefined> {
    const [row] = await sql.prepared<ClientRow>(
      'clients_insert_if_absent',
      `INSERT INTO clients (name, email) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [name, email],
    );
    return row;
  }

  async findByEmail(email: string): Promise<ClientRow | undefined> {
    const [row] = await this.db.query<ClientRow>(
      `SELECT ${COLUMNS} FROM clients WHERE lower(email) = lower($1)`,
      [email.trim()],
    );
    return row;
  }

  /** Newest first. */
  async page(offset: number, limit: number): Promise<{ rows: ClientRow[]; total: number }> {
    const [rows, [count]] = await Promise.all([
      this.db.query<ClientRow>(`SELECT ${COLUMNS} FROM clients ORDER BY id DESC LIMIT $1 OFFSET $2`, [
        limit,
        offset,
      ]),
      this.db.query<{ total: number }>(`SELECT count(*)::int AS total FROM clients`),
    ]);
    return { rows, total: count?.total ?? 0 };
  }
}
