/** The columns of a HoldRow: seat_holds `h`, its event `e` and its type `t` (left-joined). */
export const HOLD_COLUMNS = `h.payment_id, h.event_id, h.status, h.expires_at, h.quantity, h.ticket_type_id,
  t.name AS type_name, h.unit_price, h.refunded, e.name, e.description, e.image_url, e.currency,
  e.event_date, e.refund_cutoff_hours, e.status AS event_status`;

/**
 * A new hold of $4 seats of type $5 (NULL: the default type) of event $1, in one autocommit statement:
 * the type row is locked only while it runs. No row when the event is missing or cancelled, the
 * type is not the event's, outside its sale window or without $4 free seats, or $4 is above the
 * event's per-order limit ($6 when it names none); a unique violation (23505) when this payment already
 * has a row, which undoes the whole statement, counter included.
 */
export const TAKE_NEW = `
  WITH taken AS (
    UPDATE ticket_types t SET held = t.held + $4
    FROM events e
    WHERE t.event_id = $1 AND e.id = $1 AND e.status = 'ON_SALE'
      AND (t.id = $5 OR ($5::int IS NULL AND t.is_default))
      AND $4 <= COALESCE(e.max_tickets_per_order, $6)
      AND (t.capacity IS NULL OR t.sold + t.held + $4 <= t.capacity)
      AND (t.sale_starts_at IS NULL OR t.sale_starts_at <= now())
      AND (t.sale_ends_at IS NULL OR t.sale_ends_at > now())
    RETURNING t.id AS type_id, t.name AS type_name, t.price AS unit_price, e.id, e.name, e.description,
      e.image_url, e.currency, e.event_date, e.refund_cutoff_hours, e.status AS event_status
  ), hold AS (
    INSERT INTO seat_holds (payment_id, event_id, status, expires_at, quantity, ticket_type_id, unit_price)
    SELECT $2, id, 'HELD', now() + make_interval(secs => $3), $4, type_id, unit_price FROM taken
    RETURNING payment_id, event_id, status, expires_at, quantity, ticket_type_id, unit_price, refunded
  )
  SELECT h.payment_id, h.event_id, h.status, h.expires_at, h.quantity, h.ticket_type_id, e.type_name,
         h.unit_price, h.refunded, e.name, e.description, e.image_url, e.currency, e.event_date,
         e.refund_cutoff_hours, e.event_status
  FROM hold h JOIN taken e ON e.id = h.event_id`;

/**
 * After a new hold was not taken, in one fresh statement: the payment's own hold (if any), and why
 * the event refused (missing, cancelled, its limit, the asked type and its seats and window).
 */
export const LOOKUP = `
  SELECT x.*, ${HOLD_COLUMNS}
  FROM (SELECT 1) one
  LEFT JOIN LATERAL (
    SELECT e.status AS target_status, COALESCE(e.max_tickets_per_order, $4) AS max_tickets,
           tt.id AS target_type, tt.capacity AS type_capacity, tt.sold AS type_sold, tt.held AS type_held,
           COALESCE(tt.sale_starts_at > now(), false) AS not_started,
           COALESCE(tt.sale_ends_at <= now(), false) AS ended
    FROM events e
    LEFT JOIN ticket_types tt ON tt.event_id = e.id AND (tt.id = $3 OR ($3::int IS NULL AND tt.is_default))
    WHERE e.id = $1
  ) x ON true
  LEFT JOIN seat_holds h ON h.payment_id = $2
  LEFT JOIN events e ON e.id = h.event_id
  LEFT JOIN ticket_types t ON t.id = h.ticket_type_id`;

/** Why a new hold was refused, as LOOKUP reads it. */
export interface Refusal {
  target_status: 'ON_SALE' | 'CANCELLED' | null;
  max_tickets: number | null;
  target_type: number | null;
  type_capacity: number | null;
  type_sold: number | null;
  type_held: number | null;
  not_started: boolean | null;
  ended: boolean | null;
}
