import { Injectable } from '@nestjs/common';
import { Database, type Sql } from '@event-tickets/service-kit';
import { eventColumns } from './catalogue.sql';
import type { EventRow } from './event.record';
import type { EventChanges, NewEvent } from './event-rules';

export type UpdateOutcome = 'updated' | 'not_found' | 'capacity_below_committed' | 'cancelled';
export type DeleteOutcome = 'deleted' | 'not_found' | 'has_seats';

/**
 * The catalogue's SQL. The event's price and capacity are its default type's: written to both (the
 * events row keeps a copy for SQL that reads it), read from the type. Seats are counted on the types.
 */
@Injectable()
export class EventsRepository {
  constructor(private readonly db: Database) {}

  /** The event, its default type (by the insert trigger) and its other types, in one statement. */
  async insert(event: NewEvent): Promise<EventRow> {
    const types = (event.ticketTypes ?? []).map((t) => ({
      name: t.name,
      price: t.price,
      capacity: t.capacity,
      sale_starts_at: t.saleStartsAt?.toISOString() ?? null,
      sale_ends_at: t.saleEndsAt?.toISOString() ?? null,
    }));
    const [row] = await this.db.query<{ id: number }>(
      `WITH e AS (
         INSERT INTO events (name, description, image_url, price, currency, event_date, capacity,
                             max_tickets_per_order, refund_cutoff_hours)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id
       ), extra AS (
         INSERT INTO ticket_types (event_id, name, price, capacity, sale_starts_at, sale_ends_at, position)
         SELECT e.id, x.v->>'name', (x.v->>'price')::numeric, (x.v->>'capacity')::int,
                (x.v->>'sale_starts_at')::timestamptz, (x.v->>'sale_ends_at')::timestamptz, x.ord
         FROM e, jsonb_array_elements($10::jsonb) WITH ORDINALITY AS x(v, ord)
       )
       SELECT id FROM e`,
      [
        event.name,
        event.description,
        event.imageUrl,
        event.price,
        event.currency,
        event.eventDate,
        event.capacity,
        event.maxTicketsPerOrder ?? null,
        event.refundCutoffHours ?? null,
        JSON.stringify(types),
      ],
    );
    return (await this.findById(row!.id))!;
  }

  async findById(id: number, db: Sql = this.db): Promise<EventRow | undefined> {
    const rows = await db.prepared<EventRow>(
      'events_by_id',
      `SELECT ${eventColumns('events')} FROM events WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  /**
   * Newest first, as the original; `id` breaks ties so pages never overlap. One round trip: the total
   * comes from the trigger-kept count (a row even when the page is empty). Timestamps are formatted
   * outside the LIMIT/OFFSET subquery, so the rows an offset skips are never formatted.
   */
  async page(offset: number, limit: number): Promise<{ rows: EventRow[]; total: number }> {
    const rows = await this.db.prepared<EventRow & { total: number }>(
      'events_page',
      `SELECT c.total::int AS total, ${eventColumns('e')} FROM events_count c
       LEFT JOIN LATERAL (
         SELECT * FROM events ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2
       ) e ON true`,
      [limit, offset],
    );
    return { rows: rows.filter((r) => r.id !== null), total: rows[0]?.total ?? 0 };
  }

  /**
   * Partial update. The default type is changed first (its row lock orders this against holds), only
   * while a new capacity still holds what it has sold and held; a cancelled event is not changed.
   */
  async update(id: number, c: EventChanges): Promise<UpdateOutcome> {
    return this.db.transaction(async (tx) => {
      const [event] = await tx.query<{ status: string }>(
        `SELECT status FROM events WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!event) return 'not_found';
      if (event.status === 'CANCELLED') return 'cancelled';
      const typeChanged = await tx.execute(
        `UPDATE ticket_types SET price = COALESCE($2, price), capacity = COALESCE($3, capacity)
         WHERE event_id = $1 AND is_default AND ($3::int IS NULL OR sold + held <= $3::int)`,
        [id, c.price ?? null, c.capacity ?? null],
      );
      if (!typeChanged) return 'capacity_below_committed';
      await tx.execute(
        `UPDATE events SET
           name = COALESCE($2, name), description = COALESCE($3, description),
           image_url = COALESCE($4, image_url), currency = COALESCE($5, currency),
           price = COALESCE($6, price), event_date = COALESCE($7, event_date),
           capacity = COALESCE($8, capacity), max_tickets_per_order = COALESCE($9, max_tickets_per_order),
           refund_cutoff_hours = COALESCE($10, refund_cutoff_hours), updated_at = now()
         WHERE id = $1`,
        [
          id,
          c.name,
          c.description,
          c.imageUrl,
          c.currency,
          c.price,
          c.eventDate,
          c.capacity,
          c.maxTicketsPerOrder,
          c.refundCutoffHours,
        ].map((v) => v ?? null),
      );
      return 'updated';
    });
  }

  /** An event with seats held or sold stays (its buyers' tickets refer to it). Its types are locked first. */
  async delete(id: number): Promise<DeleteOutcome> {
    return this.db.transaction(async (tx) => {
      const types = await tx.query<{ sold: number; held: number }>(
        `SELECT sold, held FROM ticket_types WHERE event_id = $1 ORDER BY id FOR UPDATE`,
        [id],
      );
      if (types.some((t) => t.sold > 0 || t.held > 0)) return 'has_seats';
      const deleted = await tx.execute(`DELETE FROM events WHERE id = $1`, [id]);
      return deleted ? 'deleted' : 'not_found';
    });
  }
}
