import { Injectable } from '@nestjs/common';
import { Database, type Sql } from '@event-tickets/service-kit';
import type { HoldRow } from './hold';

const HOLD_COLUMNS = `h.payment_id, h.event_id, h.status, h.expires_at,
  e.name, e.description, e.image_url, e.price, e.currency, e.event_date`;

/** A seat is free while the event has no capacity, or fewer seats sold and held than it. */
const HAS_ROOM = `(capacity IS NULL OR sold + held < capacity)`;

/**
 * Seat inventory SQL. Counters live on the events row and change only together with a seat_holds row,
 * in one statement or one transaction. Lock order: a hold row, then its event row (the expiry sweep
 * and every transition); only a brand-new hold takes the event row first (its row does not exist yet).
 */
@Injectable()
export class SeatHoldsRepository {
  constructor(private readonly db: Database) {}

  /**
   * A new hold in one autocommit statement: the event row stays locked only while the statement
   * runs. No row when the event is missing or full; a unique violation (23505) when this payment
   * already has a row — the whole statement, counter included, is then undone.
   */
  async takeNew(eventId: number, paymentId: string, ttlSeconds: number): Promise<HoldRow | undefined> {
    const [row] = await this.db.prepared<HoldRow>(
      'seat_holds_take_new',
      `WITH taken AS (
         UPDATE events SET held = held + 1 WHERE id = $1 AND ${HAS_ROOM}
         RETURNING id, name, description, image_url, price, currency, event_date
       ), hold AS (
         INSERT INTO seat_holds (payment_id, event_id, status, expires_at)
         SELECT $2, id, 'HELD', now() + make_interval(secs => $3) FROM taken
         RETURNING payment_id, event_id, status, expires_at
       )
       SELECT h.payment_id, h.event_id, h.status, h.expires_at,
              e.name, e.description, e.image_url, e.price, e.currency, e.event_date
       FROM hold h JOIN taken e ON e.id = h.event_id`,
      [eventId, paymentId, ttlSeconds],
    );
    return row;
  }

  /** The payment's hold; `lock` takes its row lock (for a transition in the caller's transaction). */
  async find(db: Sql, paymentId: string, lock = false): Promise<HoldRow | undefined> {
    const [row] = await db.prepared<HoldRow>(
      lock ? 'seat_holds_find_locked' : 'seat_holds_find',
      `SELECT ${HOLD_COLUMNS} FROM seat_holds h JOIN events e ON e.id = h.event_id
       WHERE h.payment_id = $1 ${lock ? 'FOR UPDATE OF h' : ''}`,
      [paymentId],
    );
    return row;
  }

  /**
   * After a new hold was not taken: the payment's own hold (if any) and whether the event exists, in
   * one fresh statement (it sees a concurrent first call for this payment that committed meanwhile).
   */
  async lookup(eventId: number, paymentId: string): Promise<{ eventExists: boolean; hold?: HoldRow }> {
    const [row] = await this.db.prepared<Partial<HoldRow> & { event_exists: boolean }>(
      'seat_holds_lookup',
      `SELECT EXISTS (SELECT 1 FROM events WHERE id = $1) AS event_exists, ${HOLD_COLUMNS}
       FROM (SELECT 1) one
       LEFT JOIN seat_holds h ON h.payment_id = $2
       LEFT JOIN events e ON e.id = h.event_id`,
      [eventId, paymentId],
    );
    return { eventExists: row!.event_exists, hold: row!.payment_id ? (row as HoldRow) : undefined };
  }

  /** RELEASED → HELD or SOLD, when a seat is free again. The hold row must be locked by the caller. */
  async retake(db: Sql, hold: HoldRow, to: 'HELD' | 'SOLD', ttlSeconds: number): Promise<boolean> {
    const column = to === 'HELD' ? 'held' : 'sold';
    const taken = await db.execute(
      `UPDATE events SET ${column} = ${column} + 1 WHERE id = $1 AND ${HAS_ROOM}`,
      [hold.event_id],
    );
    if (!taken) return false;
    await db.execute(
      `UPDATE seat_holds SET status = $2, updated_at = now(),
         expires_at = CASE WHEN $2 = 'HELD' THEN now() + make_interval(secs => $3) ELSE expires_at END
       WHERE payment_id = $1`,
      [hold.payment_id, to, ttlSeconds],
    );
    return true;
  }

  /**
   * A RELEASED row for a payment that has none (a tombstone: its hold request, if it still arrives,
   * hits this row's key and is refused). Waits for a concurrent first hold of the payment; false when
   * one committed (the caller releases it) or when the event does not exist.
   */
  async tombstone(db: Sql, paymentId: string, eventId: number): Promise<boolean> {
    const rows = await db.query(
      `INSERT INTO seat_holds (payment_id, event_id, status, expires_at)
       SELECT $1, id, 'RELEASED', now() FROM events WHERE id = $2
       ON CONFLICT (payment_id) DO NOTHING
       RETURNING payment_id`,
      [paymentId, eventId],
    );
    return rows.length > 0;
  }

  /** A HELD hold lasts `ttlSeconds` from now, never less than it had. The row must be locked. */
  async extend(db: Sql, paymentId: string, ttlSeconds: number): Promise<Date> {
    const [row] = await db.query<{ expires_at: Date }>(
      `UPDATE seat_holds SET updated_at = now(),
         expires_at = GREATEST(expires_at, now() + make_interval(secs => $2))
       WHERE payment_id = $1 RETURNING expires_at`,
      [paymentId, ttlSeconds],
    );
    return row!.expires_at;
  }

  /** HELD → SOLD or RELEASED. The hold row must be locked by the caller. */
  async settle(db: Sql, hold: HoldRow, to: 'SOLD' | 'RELEASED'): Promise<void> {
    await db.execute(`UPDATE events SET held = held - 1, sold = sold + $2 WHERE id = $1`, [
      hold.event_id,
      to === 'SOLD' ? 1 : 0,
    ]);
    await db.execute(`UPDATE seat_holds SET status = $2, updated_at = now() WHERE payment_id = $1`, [
      hold.payment_id,
      to,
    ]);
  }

  /**
   * Releases up to `limit` expired holds; SKIP LOCKED lets replicas sweep side by side and never waits
   * for a hold being confirmed. Event rows are updated in id order (no deadlock between sweepers).
   */
  async releaseExpired(db: Sql, limit: number): Promise<number> {
    const expired = await db.query<{ payment_id: string; event_id: number }>(
      `SELECT payment_id, event_id FROM seat_holds
       WHERE status = 'HELD' AND expires_at <= now()
       ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    if (!expired.length) return 0;
    const perEvent = new Map<number, number>();
    for (const h of expired) perEvent.set(h.event_id, (perEvent.get(h.event_id) ?? 0) + 1);
    for (const [eventId, n] of [...perEvent].sort(([a], [b]) => a - b)) {
      await db.execute(`UPDATE events SET held = held - $2 WHERE id = $1`, [eventId, n]);
    }
    await db.execute(
      `UPDATE seat_holds SET status = 'RELEASED', updated_at = now() WHERE payment_id = ANY($1)`,
      [expired.map((h) => h.payment_id)],
    );
    return expired.length;
  }
}
