import { Injectable } from '@nestjs/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { Database } from '../database/sql';
import { type RateLimitHit, RateLimitStore } from './rate-limiter';

/** The hits in the app's PostgreSQL, table `rate_limit_hits`: the primary key decides who takes a `seq`. */
@Injectable()
export class PostgresRateLimitStore extends RateLimitStore {
  constructor(private readonly db: Database) {
    super();
  }

  async lastSeq(key: string): Promise<number> {
    const [row] = await this.db.prepared<{ seq: string | null }>(
      'rate_limit_last_seq',
      `SELECT max(seq) AS seq FROM rate_limit_hits WHERE key = $1`,
      [key],
    );
    return row?.seq == null ? -1 : Number(row.seq);
  }

  async takenAt(key: string, seq: number): Promise<Date | undefined> {
    const [row] = await this.db.prepared<{ at: Date }>(
      'rate_limit_taken_at',
      `SELECT at FROM rate_limit_hits WHERE key = $1 AND seq = $2`,
      [key, seq],
    );
    return row?.at;
  }

  async take(key: string, hit: RateLimitHit): Promise<boolean> {
    const inserted = await this.db.prepared(
      'rate_limit_take',
      `INSERT INTO rate_limit_hits (key, seq, at, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key, seq) DO NOTHING RETURNING seq`,
      [key, hit.seq, hit.at, hit.expiresAt],
    );
    return inserted.length === 1;
  }

  async reset(key: string): Promise<void> {
    await this.db.execute(`DELETE FROM rate_limit_hits WHERE key = $1`, [key]);
  }

  sweep(now: Date): Promise<number> {
    return this.db.execute(`DELETE FROM rate_limit_hits WHERE expires_at < $1`, [now]);
  }
}

/** The table of PostgresRateLimitStore; an app that limits rates in PostgreSQL lists this migration. */
export class CreateRateLimitHits1732400000010 implements MigrationInterface {
  name = 'CreateRateLimitHits1732400000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS rate_limit_hits (
        key TEXT NOT NULL,
        seq BIGINT NOT NULL,
        at TIMESTAMPTZ NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (key, seq)
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS rate_limit_hits_expires_idx ON rate_limit_hits (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS rate_limit_hits`);
  }
}
