export type HoldStatus = 'HELD' | 'SOLD' | 'RELEASED';

/** A seat_holds row joined with its event (pg: NUMERIC as a string, timestamps as Dates). */
export interface HoldRow {
  payment_id: string;
  event_id: number;
  status: HoldStatus;
  expires_at: Date;
  name: string;
  description: string | null;
  image_url: string | null;
  price: string;
  currency: string;
  event_date: Date | null;
}

/** What payments gets: the hold, and the authoritative price and event details. */
export interface HoldView {
  payment_id: string;
  event_id: number;
  status: HoldStatus;
  expires_at: string;
  event: {
    id: number;
    name: string;
    description: string;
    image_url: string;
    price: number;
    currency: string;
    event_date: string | null;
  };
}

export function toHoldView(row: HoldRow): HoldView {
  return {
    payment_id: row.payment_id,
    event_id: row.event_id,
    status: row.status,
    expires_at: row.expires_at.toISOString(),
    event: {
      id: row.event_id,
      name: row.name,
      description: row.description ?? '',
      image_url: row.image_url ?? '',
      price: Number(row.price),
      currency: row.currency,
      event_date: row.event_date ? row.event_date.toISOString() : null,
    },
  };
}
