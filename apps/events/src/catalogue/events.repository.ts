import { Injectable } from '@nestjs/common';
import { Database } from '@event-tickets/service-kit';
import type { EventRow } from './event.record';
import type { EventChanges, NewEvent } from './event-rules';

/** RFC 3339 in UTC, formatted by PostgreSQL (cheaper than a Date per timestamp in Node). */
const iso = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${column.replace(/^\w+\./, '')}`;

/** The columns of an event row as answered, read from the table (or the subquery) named `t`. */
const columns = (t: string) =>
  `${t}.id, ${t}.name, ${t}.description, ${t}.image_url, ${t}.price, ${t}.currency, ${iso(`${t}.event_date`)},
   ${iso(`${t}.created_at`)}, ${iso(`${t}.updated_at`)}, ${t}.capacity, ${t}.sold, ${t}.held`;

export type UpdateOutcome = 'updated' | 'not_found' | 'capacity_below_committed';
export type DeleteOutcome = 'deleted' | 'not_found' | 'has_seats';

/** The catalogue's SQL. Capacity changes are conditional on what is sold and held, in one statement. */
@Injectable()
export class EventsRepository {
  constructor(private readonly db: Database) {}

  async insert(event: NewEvent): Promise<EventRow> {
    const [row] = await this.db.query<EventRow>(
      `INSERT INTO events (name, description, image_url, price, currency, event_date, capacity)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${columns('events')}`,
      [
        event.name,
        event.description,
        event.imageUrl,
        event.price,
        event.currency,
        event.eventDate,
        event.capacity,
      ],
    );
    return row!;
  }

  async findById(id: number): Promise<EventRow | undefined> {
    const rows = await this.db.prepared<EventRow>(
      'events_by_id',
      `SELECT ${columns('events')} FROM events WHERE id = $1`,
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
      `SELECT c.total::int AS total, ${columns('e')} FROM events_count c
       LEFT JOIN LATERAL (
         SELECT * FROM events ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2
       ) e ON true`,
      [limit, offset],
    );
    return { rows: rows.filter((r) => r.id !== null), total: rows[0]?.total ?? 0 };
  }

  /** Partial update; a new capacity must still hold what is sold and held (checked under the row lock). */
  async update(id: number, c: EventChanges): Promise<UpdateOutcome> {
    const updated = await this.db.execute(
      `UPDATE events SET
         name = COALESCE($2, name), description = COALESCE($3, description),
         image_url = COALESCE($4, image_url), currency = COALESCE($5, currency),
         price = COALESCE($6, price), event_date = COALESCE($7, event_date),
         capacity = COALESCE($8, capacity), updated_at = now()
       WHERE id = $1 AND ($8::int IS NULL OR sold + held <= $8::int)`,
      [id, c.name, c.description, c.imageUrl, c.currency, c.price, c.eventDate, c.capacity].map(
        (v) => v ?? null,
      ),
    );
    if (updated) return 'updated';
    return (await this.exists(id)) ? 'capacity_below_committed' : 'not_found';
  }

  /** An event with seats held or sold stays (its buyers' tickets refer to it). */
  async delete(id: number): Promise<DeleteOutcome> {
    const deleted = await this.db.execute(`DELETE FROM events WHERE id = $1 AND sold = 0 AND held = 0`, [id]);
    if (deleted) return 'deleted';
    return (await this.exists(id)) ? 'has_seats' : 'not_found';
  }

  private async exists(id: number): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM events WHERE id = $1`, [id]);
    return rows.length > 0;
  }
}
