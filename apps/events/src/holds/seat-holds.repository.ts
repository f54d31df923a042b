import { Injectable } from '@nestjs/common';
import { Database, type Sql } from '@event-tickets/service-kit';
import type { HoldRow } from './hold';
import { HOLD_COLUMNS, LOOKUP, type Refusal, TAKE_NEW } from './seat-holds.sql';

/** A type has room for `n` more seats while it has no capacity, or enough left of it. */
const HAS_ROOM = `(capacity IS NULL OR sold + held + $2 <= capacity)`;

export interface TakeNew {
  eventId: number;
  paymentId: string;
  ttlSeconds: number;
  quantity: number;
  /** Null: the event's default type. */
  ticketTypeId: number | null;
  /** The per-order limit of an event that names none. */
  maxPerOrder: number;
}

/**
 * Seat inventory SQL. Counters live on the ticket_types rows and change only together with a
 * seat_holds row, in one statement or one transaction, by the hold's `quantity`. Lock order: a hold
 * row, then its type row (the expiry sweep and every transition); only a brand-new hold takes the type
 * row first (its row does not exist yet).
 */
@Injectable()
export class SeatHoldsRepository {
  constructor(private readonly db: Database) {}

  async takeNew(c: TakeNew): Promise<HoldRow | undefined> {
    const [row] = await this.db.prepared<HoldRow>('seat_holds_take_new', TAKE_NEW, [
      c.eventId,
      c.paymentId,
      c.ttlSeconds,
      c.quantity,
      c.ticketTypeId,
      c.maxPerOrder,
    ]);
    return row;
  }

  /** The payment's hold; `lock` takes its row lock (for a transition in the caller's transaction). */
  async find(db: Sql, paymentId: string, lock = false): Promise<HoldRow | undefined> {
    const [row] = await db.prepared<HoldRow>(
      lock ? 'seat_holds_find_locked' : 'seat_holds_find',
      `SELECT ${HOLD_COLUMNS} FROM seat_holds h JOIN events e ON e.id = h.event_id
       LEFT JOIN ticket_types t ON t.id = h.ticket_type_id
       WHERE h.payment_id = $1 ${lock ? 'FOR UPDATE OF h' : ''}`,
      [paymentId],
    );
    return row;
  }

  /** After a new hold was not taken: the payment's own hold, if any, and why the event refused. */
  async lookup(c: TakeNew): Promise<{ refusal: Refusal; hold?: HoldRow }> {
    const [row] = await this.db.prepared<Partial<HoldRow> & Refusal>('seat_holds_lookup', LOOKUP, [
      c.eventId,
      c.paymentId,
      c.ticketTypeId,
      c.maxPerOrder,
    ]);
    return { refusal: row!, hold: row!.payment_id ? (row as HoldRow) : undefined };
  }

  /** RELEASED → HELD or SOLD, when its seats are free again. The hold row must be locked by the caller. */
  async retake(db: Sql, hold: HoldRow, to: 'HELD' | 'SOLD', ttlSeconds: number): Promise<boolean> {
    if (hold.ticket_type_id === null) return false;
    const taken = await db.execute(
      to === 'HELD'
        ? `UPDATE ticket_types SET held = held + $2 WHERE id = $1 AND ${HAS_ROOM}`
        : `UPDATE ticket_types SET sold = sold + $2, revenue = revenue + $3::numeric * $2
           WHERE id = $1 AND ${HAS_ROOM}`,
      to === 'HELD'
        ? [hold.ticket_type_id, hold.quantity]
        : [hold.ticket_type_id, hold.quantity, hold.unit_price ?? 0],
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

  /** HELD → SOLD or RELEASED, its `quantity` seats with it. The hold row must be locked by the caller. */
  async settle(db: Sql, hold: HoldRow, to: 'SOLD' | 'RELEASED'): Promise<void> {
    const sold = to === 'SOLD' ? hold.quantity : 0;
    await db.execute(
      `UPDATE ticket_types SET held = held - $2, sold = sold + $3, revenue = revenue + $4::numeric * $3
       WHERE id = $1`,
      [hold.ticket_type_id, hold.quantity, sold, hold.unit_price ?? 0],
    );
    await db.execute(`UPDATE seat_holds SET status = $2, updated_at = now() WHERE payment_id = $1`, [
      hold.payment_id,
      to,
    ]);
  }

  /**
   * `n` seats of a SOLD hold given back (refunded): off its type's sold seats and revenue, never more
   * than the hold has left. Returns the seats put back. The hold row must be locked by the caller.
   */
  async refund(db: Sql, hold: HoldRow, n: number): Promise<number> {
    const back = Math.min(n, hold.quantity - hold.refunded);
    if (back <= 0) return 0;
    await db.execute(
      `UPDATE ticket_types SET sold = sold - $2, refunded = refunded + $2, revenue = revenue - $3::numeric * $2
       WHERE id = $1`,
      [hold.ticket_type_id, back, hold.unit_price ?? 0],
    );
    await db.execute(
      `UPDATE seat_holds SET refunded = refunded + $2, updated_at = now() WHERE payment_id = $1`,
      [hold.payment_id, back],
    );
    return back;
  }

  /**
   * Releases up to `limit` expired holds; SKIP LOCKED lets replicas sweep side by side and never waits
   * for a hold being confirmed. Type rows are updated in id order (no deadlock between sweepers).
   */
  async releaseExpired(db: Sql, limit: number): Promise<{ holds: number; seats: number }> {
    const expired = await db.query<{ payment_id: string; ticket_type_id: number; quantity: number }>(
      `SELECT payment_id, ticket_type_id, quantity FROM seat_holds
       WHERE status = 'HELD' AND expires_at <= now()
       ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    if (!expired.length) return { holds: 0, seats: 0 };
    const perType = new Map<number, number>();
    for (const h of expired) perType.set(h.ticket_type_id, (perType.get(h.ticket_type_id) ?? 0) + h.quantity);
    for (const [typeId, n] of [...perType].sort(([a], [b]) => a - b)) {
      await db.execute(`UPDATE ticket_types SET held = held - $2 WHERE id = $1`, [typeId, n]);
    }
    await db.execute(
      `UPDATE seat_holds SET status = 'RELEASED', updated_at = now() WHERE payment_id = ANY($1)`,
      [expired.map((h) => h.payment_id)],
    );
    return { holds: expired.length, seats: expired.reduce((n, h) => n + h.quantity, 0) };
  }
}
