import { type TicketTypeRow, type TicketTypeView, toTicketTypeView, typeAvailable } from './ticket-type';

/**
 * An events row as the catalogue reads it (timestamps as RFC 3339 UTC strings), with its ticket types
 * (default first). The event's price and capacity are its default type's.
 */
export interface EventRow {
  id: number;
  name: string;
  description: string | null;
  image_url: string | null;
  currency: string;
  event_date: string | null;
  created_at: string;
  updated_at: string;
  status: EventStatus;
  cancelled_at: string | null;
  max_tickets_per_order: number | null;
  refund_cutoff_hours: number | null;
  ticket_types: TicketTypeRow[];
}

export type EventStatus = 'ON_SALE' | 'CANCELLED';

/** Per-event settings an event does not name itself (the env's defaults). */
export interface EventDefaults {
  maxTicketsPerOrder: number;
  refundCutoffHours: number;
}

/** The event object of every response: the original's fields, plus capacity, types and sale state. */
export interface EventView {
  id: number;
  name: string;
  description: string;
  image_url: string;
  currency: string;
  price: number;
  event_date: string | null;
  created_at: string;
  updated_at: string;
  capacity: number | null;
  available: number | null;
  ticket_types: TicketTypeView[];
  max_tickets_per_order: number;
  refund_cutoff_hours: number;
  status: EventStatus;
  cancelled_at: string | null;
}

/** Seats left over all types; null when any type is unlimited. */
export function eventAvailable(types: TicketTypeRow[]): number | null {
  let total = 0;
  for (const t of types) {
    const left = typeAvailable(t);
    if (left === null) return null;
    total += left;
  }
  return total;
}

export function toEventView(row: EventRow, defaults: EventDefaults): EventView {
  const types = row.ticket_types ?? [];
  const main = types.find((t) => t.is_default);
  return {
    id: row.id,
    name: row.name,
    description: row.description ?? '',
    image_url: row.image_url ?? '',
    currency: row.currency,
    price: Number(main?.price ?? 0),
    event_date: row.event_date,
    created_at: row.created_at,
    updated_at: row.updated_at,
    capacity: main?.capacity ?? null,
    available: eventAvailable(types),
    ticket_types: types.map(toTicketTypeView),
    max_tickets_per_order: row.max_tickets_per_order ?? defaults.maxTicketsPerOrder,
    refund_cutoff_hours: row.refund_cutoff_hours ?? defaults.refundCutoffHours,
    status: row.status,
    cancelled_at: row.cancelled_at,
  };
}
