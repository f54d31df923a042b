export type HoldStatus = 'HELD' | 'SOLD' | 'RELEASED';

/** A seat_holds row joined with its event and type (pg: NUMERIC as a string, timestamps as Dates). */
export interface HoldRow {
  payment_id: string;
  event_id: number;
  status: HoldStatus;
  expires_at: Date;
  quantity: number;
  /** Null only for a tombstone (released before any seat was taken) or a type removed since. */
  ticket_type_id: number | null;
  type_name: string | null;
  /** What one seat of this hold costs (the type's price when the hold was taken). */
  unit_price: string | null;
  refunded: number;
  name: string;
  description: string | null;
  image_url: string | null;
  currency: string;
  event_date: Date | null;
  refund_cutoff_hours: number | null;
  event_status: 'ON_SALE' | 'CANCELLED';
}

/** What payments gets: the hold, and the authoritative price and event details. */
export interface HoldView {
  payment_id: string;
  event_id: number;
  status: HoldStatus;
  expires_at: string;
  quantity: number;
  ticket_type: { id: number; name: string } | null;
  event: {
    id: number;
    name: string;
    description: string;
    image_url: string;
    /** The unit price: the hold's type's price. */
    price: number;
    currency: string;
    event_date: string | null;
    refund_cutoff_hours: number;
  };
}

export function toHoldView(row: HoldRow, refundCutoffDefault: number): HoldView {
  return {
    payment_id: row.payment_id,
    event_id: row.event_id,
    status: row.status,
    expires_at: row.expires_at.toISOString(),
    quantity: row.quantity,
    ticket_type: row.ticket_type_id === null ? null : { id: row.ticket_type_id, name: row.type_name ?? '' },
    event: {
      id: row.event_id,
      name: row.name,
      description: row.description ?? '',
      image_url: row.image_url ?? '',
      price: Number(row.unit_price),
      currency: row.currency,
      event_date: row.event_date ? row.event_date.toISOString() : null,
      refund_cutoff_hours: row.refund_cutoff_hours ?? refundCutoffDefault,
    },
  };
}
