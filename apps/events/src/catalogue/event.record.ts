/** An events row as the catalogue reads it (NUMERIC as a string, timestamps as RFC 3339 UTC strings). */
export interface EventRow {
  id: number;
  name: string;
  description: string | null;
  image_url: string | null;
  price: string;
  currency: string;
  event_date: string | null;
  created_at: string;
  updated_at: string;
  capacity: number | null;
  sold: number;
  held: number;
}

/** The event object of every response: the original's fields, plus capacity and what is left of it. */
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
}

export function toEventView(row: EventRow): EventView {
  return {
    id: row.id,
    name: row.name,
    description: row.description ?? '',
    image_url: row.image_url ?? '',
    currency: row.currency,
    price: Number(row.price),
    event_date: row.event_date,
    created_at: row.created_at,
    updated_at: row.updated_at,
    capacity: row.capacity,
    available: row.capacity === null ? null : Math.max(0, row.capacity - row.sold - row.held),
  };
}
