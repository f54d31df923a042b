import { Injectable } from '@nestjs/common';
import { Database, type Sql } from '@event-tickets/service-kit';
import type { ClientRow } from './client.record';

const COLUMNS = 'id, name, email, created_at, user_id';

/** The account a purchase was made from, and when it was paid (PAYMENT_SUCCEEDED's occurred-at). */
export interface ClientOwner {
  userId: string;
  since: Date;
}

/**
 * The `clients` table. Emails are unique case-insensitively (index on lower(email)), but for the
 * original's rows that differ only in case (`duplicate_of` set): a lookup prefers the exact spelling.
 */
@Injectable()
export class ClientsRepository {
  constructor(private readonly db: Database) {}

  /**
   * Inserts the client unless one with this email (in any case) exists; undefined then. A concurrent
   * insert of the same email waits for the other transaction and then does nothing: no unique-key
   * error, no duplicate. Any database error propagates (it is never read as "not found").
   */
  async insertIfAbsent(
    sql: Sql,
    name: string,
    email: string,
    owner?: ClientOwner,
  ): Promise<ClientRow | undefined> {
    const [row] = await sql.prepared<ClientRow>(
      'clients_insert_if_absent',
      `INSERT INTO clients (name, email, user_id, owned_since) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [name, email, owner?.userId ?? null, owner?.since ?? null],
    );
    return row;
  }

  /**
   * The existing client of `email` passes to the account of a newer purchase. When the account
   * changes the name changes with it, so the new account never reads the previous one's name. A purchase
   * paid before the current owner's (a late message) changes nothing.
   */
  async passTo(sql: Sql, email: string, name: string, owner: ClientOwner): Promise<void> {
    await sql.prepared(
      'clients_pass_to',
      `UPDATE clients
          SET name = CASE WHEN user_id IS DISTINCT FROM $3 THEN $2 ELSE name END,
              user_id = $3, owned_since = $4
        WHERE lower(email) = lower($1) AND (owned_since IS NULL OR owned_since <= $4)`,
      [email, name, owner.userId, owner.since],
    );
  }

  async findByEmail(email: string): Promise<ClientRow | undefined> {
    const [row] = await this.db.query<ClientRow>(
      `SELECT ${COLUMNS} FROM clients WHERE lower(email) = lower($1) ORDER BY email = $1 DESC, id LIMIT 1`,
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
