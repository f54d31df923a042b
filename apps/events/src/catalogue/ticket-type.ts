/** A ticket_types row as read (as JSON from PostgreSQL: numbers, timestamps as RFC 3339 UTC strings). */
export interface TicketTypeRow {
  id: number;
  name: string;
  price: number | string;
  capacity: number | null;
  sold: number;
  held: number;
  refunded: number;
  revenue: number | string;
  sale_starts_at: string | null;
  sale_ends_at: string | null;
  is_default: boolean;
}

/** A type as the catalogue shows it. */
export interface TicketTypeView {
  id: number;
  name: string;
  price: number;
  capacity: number | null;
  available: number | null;
  sale_starts_at: string | null;
  sale_ends_at: string | null;
  is_default: boolean;
}

/** The name the default type gets (the event's own price and capacity). */
export const DEFAULT_TYPE_NAME = 'General admission';

export const typeAvailable = (t: Pick<TicketTypeRow, 'capacity' | 'sold' | 'held'>): number | null =>
  t.capacity === null ? null : Math.max(0, t.capacity - t.sold - t.held);

export function toTicketTypeView(t: TicketTypeRow): TicketTypeView {
  return {
    id: t.id,
    name: t.name,
    price: Number(t.price),
    capacity: t.capacity,
    available: typeAvailable(t),
    sale_starts_at: t.sale_starts_at,
    sale_ends_at: t.sale_ends_at,
    is_default: t.is_default,
  };
}

/** A new type's fields (create body entries and POST .../ticket-types). */
export interface NewTicketType {
  name: string;
  price: number;
  capacity: number | null;
  saleStartsAt: Date | null;
  saleEndsAt: Date | null;
}

/** What PUT .../ticket-types/:typeId changes (absent = unchanged; a null window bound clears it). */
export interface TicketTypeChanges {
  name?: string;
  price?: number;
  capacity?: number;
  saleStartsAt?: Date | null;
  saleEndsAt?: Date | null;
}
