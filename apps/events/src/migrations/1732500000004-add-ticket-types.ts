import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ticket types: the seat counters move from the events row to its types. Every event has exactly one
 * default type (its own price and capacity, which the original's bodies keep reading and writing);
 * a statement trigger gives each new events row its default type, whatever inserts it. The events
 * row gains its sale status and per-order limits; a hold records its quantity, type and unit price.
 * A default type may cost 0: it mirrors its events row, and the original's NUMERIC(10,2) rounded a
 * price it accepted (any above zero) below half a cent to 0.00.
 */
export class AddTicketTypes1732500000004 implements MigrationInterface {
  name = 'AddTicketTypes1732500000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ticket_types (
        id SERIAL PRIMARY KEY,
        event_id INT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        name VARCHAR(255) NOT NULL,
        price NUMERIC(10,2) NOT NULL,
        capacity INT CHECK (capacity IS NULL OR capacity >= 1),
        sold INT NOT NULL DEFAULT 0,
        held INT NOT NULL DEFAULT 0,
        refunded INT NOT NULL DEFAULT 0,
        revenue NUMERIC(14,2) NOT NULL DEFAULT 0,
        sale_starts_at TIMESTAMPTZ,
        sale_ends_at TIMESTAMPTZ,
        is_default BOOLEAN NOT NULL DEFAULT false,
        position INT NOT NULL DEFAULT 0,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT ticket_types_price_check CHECK (price > 0 OR is_default),
        CONSTRAINT ticket_types_counters_non_negative CHECK (sold >= 0 AND held >= 0 AND refunded >= 0),
        CONSTRAINT ticket_types_not_oversold CHECK (capacity IS NULL OR sold + held <= capacity),
        CONSTRAINT ticket_types_sale_window CHECK (sale_ends_at IS NULL OR sale_starts_at IS NULL OR sale_starts_at < sale_ends_at)
      )`);
    await q.query(`CREATE UNIQUE INDEX ticket_types_one_default ON ticket_types (event_id) WHERE is_default`);
    await q.query(`CREATE INDEX ticket_types_event_idx ON ticket_types (event_id, position, id)`);
    await q.query(`
      INSERT INTO ticket_types (event_id, name, price, capacity, sold, held, revenue, is_default)
      SELECT id, 'General admission', price, capacity, sold, held, price * sold, true FROM events`);
    await q.query(`UPDATE events SET sold = 0, held = 0 WHERE sold <> 0 OR held <> 0`);
    await q.query(`
      CREATE FUNCTION events_default_ticket_type() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO ticket_types (event_id, name, price, capacity, is_default)
        SELECT id, 'General admission', price, capacity, true FROM new_rows;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER events_default_ticket_type AFTER INSERT ON events
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION events_default_ticket_type()`);
    await q.query(`
      ALTER TABLE events
        ADD COLUMN status TEXT NOT NULL DEFAULT 'ON_SALE' CHECK (status IN ('ON_SALE', 'CANCELLED')),
        ADD COLUMN cancelled_at TIMESTAMPTZ,
        ADD COLUMN cancel_reason TEXT,
        ADD COLUMN max_tickets_per_order INT CHECK (max_tickets_per_order >= 1),
        ADD COLUMN refund_cutoff_hours INT CHECK (refund_cutoff_hours >= 0)`);
    await q.query(`
      ALTER TABLE seat_holds
        ADD COLUMN quantity INT NOT NULL DEFAULT 1 CHECK (quantity >= 1),
        ADD COLUMN ticket_type_id INT REFERENCES ticket_types (id) ON DELETE SET NULL,
        ADD COLUMN unit_price NUMERIC(10,2),
        ADD COLUMN refunded INT NOT NULL DEFAULT 0,
        ADD CONSTRAINT seat_holds_refunded_within CHECK (refunded >= 0 AND refunded <= quantity)`);
    await q.query(`
      UPDATE seat_holds h SET ticket_type_id = t.id, unit_price = t.price
      FROM ticket_types t WHERE t.event_id = h.event_id AND t.is_default`);
    await q.query(
      `CREATE INDEX seat_holds_type_idx ON seat_holds (ticket_type_id) WHERE ticket_type_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE events e SET sold = s.sold, held = s.held
      FROM (SELECT event_id, sum(sold)::int AS sold, sum(held)::int AS held FROM ticket_types GROUP BY event_id) s
      WHERE s.event_id = e.id AND (e.capacity IS NULL OR s.sold + s.held <= e.capacity)`);
    await q.query(`
      ALTER TABLE seat_holds
        DROP CONSTRAINT IF EXISTS seat_holds_refunded_within,
        DROP COLUMN IF EXISTS refunded, DROP COLUMN IF EXISTS unit_price,
        DROP COLUMN IF EXISTS ticket_type_id, DROP COLUMN IF EXISTS quantity`);
    await q.query(`
      ALTER TABLE events
        DROP COLUMN IF EXISTS refund_cutoff_hours, DROP COLUMN IF EXISTS max_tickets_per_order,
        DROP COLUMN IF EXISTS cancel_reason, DROP COLUMN IF EXISTS cancelled_at, DROP COLUMN IF EXISTS status`);
    await q.query(`DROP TRIGGER IF EXISTS events_default_ticket_type ON events`);
    await q.query(`DROP FUNCTION IF EXISTS events_default_ticket_type()`);
    await q.query(`DROP TABLE IF EXISTS ticket_types`);
  }
}
