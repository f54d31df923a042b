import { Injectable } from '@nestjs/common';
import { Database, type Sql } from '@event-tickets/service-kit';
import { catalogueError, eventCancelled, eventNotFound, ticketTypeNotFound } from './catalogue.errors';
import { typeJson } from './catalogue.sql';
import { TYPE_MESSAGES } from './ticket-type-rules';
import type { NewTicketType, TicketTypeChanges, TicketTypeRow } from './ticket-type';

const windowInvalid = () => catalogueError('INVALID_TICKET_TYPE', TYPE_MESSAGES.typeWindow);

/**
 * The admin's changes to an event's types. Each runs in a transaction that locks the event row, then
 * the type row (a hold locks only the type row, in one statement): counters are checked under the lock.
 */
@Injectable()
export class TicketTypesRepository {
  constructor(private readonly db: Database) {}

  add(eventId: number, t: NewTicketType): Promise<TicketTypeRow> {
    return this.db.transaction(async (tx) => {
      await this.lockEvent(tx, eventId);
      const [row] = await tx.query<{ t: TicketTypeRow }>(
        `INSERT INTO ticket_types (event_id, name, price, capacity, sale_starts_at, sale_ends_at, position)
         SELECT $1, $2, $3, $4, $5, $6, COALESCE(max(position), 0) + 1 FROM ticket_types WHERE event_id = $1
         RETURNING ${typeJson('ticket_types')} AS t`,
        [eventId, t.name, t.price, t.capacity, t.saleStartsAt, t.saleEndsAt],
      );
      return row!.t;
    });
  }

  change(eventId: number, typeId: number, c: TicketTypeChanges): Promise<TicketTypeRow> {
    return this.db.transaction(async (tx) => {
      await this.lockEvent(tx, eventId);
      const current = await this.lockType(tx, eventId, typeId);
      const starts = c.saleStartsAt !== undefined ? c.saleStartsAt : current.sale_starts_at;
      const ends = c.saleEndsAt !== undefined ? c.saleEndsAt : current.sale_ends_at;
      if (starts && ends && new Date(starts) >= new Date(ends)) throw windowInvalid();
      if (c.capacity !== undefined && c.capacity < current.sold + current.held)
        throw catalogueError(
          'CAPACITY_BELOW_SOLD',
          'the capacity field cannot be less than the seats of this type already sold or held',
        );
      const [row] = await tx.query<{ t: TicketTypeRow }>(
        `UPDATE ticket_types SET name = COALESCE($3, name), price = COALESCE($4, price),
           capacity = COALESCE($5, capacity),
           sale_starts_at = CASE WHEN $6 THEN $7::timestamptz ELSE sale_starts_at END,
           sale_ends_at = CASE WHEN $8 THEN $9::timestamptz ELSE sale_ends_at END
         WHERE id = $2 AND event_id = $1 RETURNING ${typeJson('ticket_types')} AS t`,
        [
          eventId,
          typeId,
          c.name ?? null,
          c.price ?? null,
          c.capacity ?? null,
          c.saleStartsAt !== undefined,
          c.saleStartsAt ?? null,
          c.saleEndsAt !== undefined,
          c.saleEndsAt ?? null,
        ],
      );
      // The event's own price and capacity are its default type's: keep its copy in step.
      if (current.is_default && (c.price !== undefined || c.capacity !== undefined))
        await tx.execute(
          `UPDATE events SET price = COALESCE($2, price), capacity = COALESCE($3, capacity), updated_at = now()
           WHERE id = $1`,
          [eventId, c.price ?? null, c.capacity ?? null],
        );
      return row!.t;
    });
  }

  remove(eventId: number, typeId: number): Promise<void> {
    return this.db.transaction(async (tx) => {
      await this.lockEvent(tx, eventId, false);
      const current = await this.lockType(tx, eventId, typeId);
      if (current.is_default || current.sold + current.held > 0)
        throw catalogueError(
          'TICKET_TYPE_IN_USE',
          current.is_default
            ? 'the default ticket type cannot be removed'
            : 'the ticket type has seats held or sold and cannot be removed',
        );
      await tx.execute(`DELETE FROM ticket_types WHERE id = $1`, [typeId]);
    });
  }

  private async lockEvent(tx: Sql, eventId: number, refuseCancelled = true): Promise<void> {
    const [event] = await tx.query<{ status: string }>(`SELECT status FROM events WHERE id = $1 FOR UPDATE`, [
      eventId,
    ]);
    if (!event) throw eventNotFound();
    if (refuseCancelled && event.status === 'CANCELLED') throw eventCancelled();
  }

  private async lockType(tx: Sql, eventId: number, typeId: number): Promise<TicketTypeRow> {
    const [row] = await tx.query<{ t: TicketTypeRow }>(
      `SELECT ${typeJson('ticket_types')} AS t FROM ticket_types WHERE id = $1 AND event_id = $2 FOR UPDATE`,
      [typeId, eventId],
    );
    if (!row) throw ticketTypeNotFound();
    return row.t;
  }
}
