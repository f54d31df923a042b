/** RFC 3339 in UTC, formatted by PostgreSQL (cheaper than a Date per timestamp in Node). */
export const isoOf = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const iso = (column: string) => `${isoOf(column)} AS ${column.replace(/^\w+\./, '')}`;

/** The fields of a ticket type as a JSON object (numbers stay numbers). */
export const typeJson = (t: string) =>
  `json_build_object('id', ${t}.id, 'name', ${t}.name, 'price', ${t}.price, 'capacity', ${t}.capacity,
     'sold', ${t}.sold, 'held', ${t}.held, 'refunded', ${t}.refunded, 'revenue', ${t}.revenue,
     'sale_starts_at', ${isoOf(`${t}.sale_starts_at`)}, 'sale_ends_at', ${isoOf(`${t}.sale_ends_at`)},
     'is_default', ${t}.is_default)`;

/** Default type first, then in the order they were added. */
export const TYPE_ORDER = (t: string) => `${t}.is_default DESC, ${t}.position, ${t}.id`;

/** The event's types as a JSON array. */
const typesOf = (t: string) =>
  `(SELECT json_agg(${typeJson('tt')} ORDER BY ${TYPE_ORDER('tt')})
    FROM ticket_types tt WHERE tt.event_id = ${t}.id) AS ticket_types`;

/** The columns of an event as answered, read from the table (or the subquery) named `t`. */
export const eventColumns = (t: string) =>
  `${t}.id, ${t}.name, ${t}.description, ${t}.image_url, ${t}.currency, ${iso(`${t}.event_date`)},
   ${iso(`${t}.created_at`)}, ${iso(`${t}.updated_at`)}, ${t}.status, ${iso(`${t}.cancelled_at`)},
   ${t}.max_tickets_per_order, ${t}.refund_cutoff_hours, ${typesOf(t)}`;
