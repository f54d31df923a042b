import type { Database } from '../../database/sql';
import type { ClaimedEmail, MailStore } from './mail-store';

/** The queue columns a PostgreSQL email table has beside what the app stores (recipient, body, ...). */
export interface PostgresEmailRow {
  id: string;
  status: 'PENDING' | 'SENT';
  attempts: number;
  claim_token: string | null;
}

/**
 * Emails in a PostgreSQL table the app inserts into (in the transaction that decides them): `id`,
 * `status` PENDING | SENT, `attempts`, `last_error`, `next_attempt_at`, `sent_at`, `claim_token`, plus
 * the app's own columns, handed back whole for its `compose`. A claim moves the email's next attempt
 * a lease ahead and gives it a fresh token, in one committed statement: other replicas skip it, and
 * an email whose worker died is due again after the lease. Recording matches the token.
 */
export class PostgresMailStore<R extends PostgresEmailRow> implements MailStore<R> {
  constructor(
    private readonly database: Database,
    private readonly table: string,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`not a table name: ${table}`);
  }

  async claimDue(limit: number, leaseMs: number): Promise<ClaimedEmail<R>[]> {
    const rows = await this.database.prepared<R>(
      `${this.table}_claim_due`,
      `UPDATE ${this.table} SET next_attempt_at = now() + make_interval(secs => $2), claim_token = gen_random_uuid()
       WHERE id IN (
         SELECT id FROM ${this.table} WHERE status = 'PENDING' AND next_attempt_at <= now()
         ORDER BY next_attempt_at
         LIMIT $1
         FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [limit, leaseMs / 1000],
    );
    return rows.map(claimed);
  }

  async claim(email: R, leaseMs: number): Promise<ClaimedEmail<R> | undefined> {
    const [row] = await this.database.prepared<R>(
      `${this.table}_claim`,
      `UPDATE ${this.table} SET next_attempt_at = now() + make_interval(secs => $2), claim_token = gen_random_uuid()
       WHERE id = $1 AND status = 'PENDING' AND next_attempt_at <= now()
       RETURNING *`,
      [email.id, leaseMs / 1000],
    );
    return row && claimed(row);
  }

  async recordSent({ id, token }: ClaimedEmail<R>): Promise<boolean> {
    const changed = await this.database.prepared(
      `${this.table}_record_sent`,
      `UPDATE ${this.table}
       SET status = 'SENT', sent_at = now(), attempts = attempts + 1, last_error = NULL, claim_token = NULL
       WHERE id = $1 AND claim_token = $2 RETURNING id`,
      [id, token],
    );
    return changed.length === 1;
  }

  async recordFailed({ id, token }: ClaimedEmail<R>, error: string, retryInMs: number): Promise<boolean> {
    const changed = await this.database.execute(
      `UPDATE ${this.table}
       SET attempts = attempts + 1, last_error = $3, claim_token = NULL,
           next_attempt_at = now() + make_interval(secs => $4)
       WHERE id = $1 AND claim_token = $2`,
      [id, token, error, retryInMs / 1000],
    );
    return changed === 1;
  }

  async countPending(): Promise<number> {
    const [row] = await this.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${this.table} WHERE status = 'PENDING'`,
    );
    return row?.n ?? 0;
  }
}

const claimed = <R extends PostgresEmailRow>(row: R): ClaimedEmail<R> => ({
  id: row.id,
  token: row.claim_token!,
  attempts: row.attempts,
  email: row,
});
