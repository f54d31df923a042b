import { Injectable } from '@nestjs/common';
import { Database, type Sql } from '@event-tickets/service-kit';
import { PURCHASE_MESSAGES, purchasesError } from './purchases.errors';

/** An Idempotency-Key answers the same for 24 hours, then the key may be used again. */
export const IDEMPOTENCY_TTL_HOURS = 24;

export interface StoredAnswer<T> {
  statusCode: number;
  body: T;
}

/**
 * The first answer to each (user, Idempotency-Key), written in the transaction that creates the
 * payment: a key either has its payment and answer, or nothing.
 */
@Injectable()
export class IdempotencyKeysRepository {
  constructor(private readonly db: Database) {}

  /** The stored answer for the same body; 422 for another body; undefined when the key is new. */
  async find<T>(
    userId: string,
    key: string,
    sameRequest: (storedHash: string) => boolean,
  ): Promise<StoredAnswer<T> | undefined> {
    const [row] = await this.db.query<{ request_hash: string; status_code: number; response: T }>(
      `SELECT request_hash, status_code, response FROM idempotency_keys
       WHERE user_id = $1 AND key = $2 AND created_at > now() - make_interval(hours => $3)`,
      [userId, key, IDEMPOTENCY_TTL_HOURS],
    );
    if (!row) return undefined;
    if (!sameRequest(row.request_hash))
      throw purchasesError('IDEMPOTENCY_KEY_REUSED', PURCHASE_MESSAGES.IDEMPOTENCY_KEY_REUSED);
    return { statusCode: row.status_code, body: row.response };
  }

  /** Stores the answer; a concurrent first use of the key fails here with a unique violation. */
  async save<T>(sql: Sql, userId: string, key: string, hash: string, answer: StoredAnswer<T>) {
    await sql.execute(
      `DELETE FROM idempotency_keys
       WHERE user_id = $1 AND key = $2 AND created_at <= now() - make_interval(hours => $3)`,
      [userId, key, IDEMPOTENCY_TTL_HOURS],
    );
    await sql.execute(
      `INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, response)
       VALUES ($1, $2, $3, $4, $5)`,
      [userId, key, hash, answer.statusCode, answer.body],
    );
  }

  async deleteExpired(): Promise<void> {
    await this.db.execute(
      `DELETE FROM idempotency_keys WHERE created_at <= now() - make_interval(hours => $1)`,
      [IDEMPOTENCY_TTL_HOURS],
    );
  }
}
