import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The default ticket type's price follows its events row's, whoever writes it. This app writes both
 * in one transaction; the original's events service, which may still run on this table while it is
 * being replaced, knows only `events.price`, and a price it changed must be the one a buyer pays.
 */
export class MirrorDefaultTypePrice1732500000007 implements MigrationInterface {
  name = 'MirrorDefaultTypePrice1732500000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION events_default_type_price() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE ticket_types SET price = NEW.price
         WHERE event_id = NEW.id AND is_default AND price IS DISTINCT FROM NEW.price;
        RETURN NULL;
      END $$`);
    await q.query(`DROP TRIGGER IF EXISTS events_default_type_price ON events`);
    await q.query(`
      CREATE TRIGGER events_default_type_price AFTER UPDATE OF price ON events
      FOR EACH ROW WHEN (OLD.price IS DISTINCT FROM NEW.price) EXECUTE FUNCTION events_default_type_price()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS events_default_type_price ON events`);
    await q.query(`DROP FUNCTION IF EXISTS events_default_type_price()`);
  }
}
