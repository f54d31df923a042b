import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A default ticket type mirrors its events row, whose price the original could hold as 0.00 (it
 * accepted any price above zero and NUMERIC(10,2) rounded one below half a cent down). Such a type
 * must exist and sell as the original did (the gateway fails a charge of 0); every other type keeps
 * the rule price > 0. Databases whose AddTicketTypes already created `price > 0` get the same
 * constraint as those it creates now.
 */
export class FreeDefaultTicketTypes1732500000006 implements MigrationInterface {
  name = 'FreeDefaultTicketTypes1732500000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE ticket_types
        DROP CONSTRAINT IF EXISTS ticket_types_price_check,
        ADD CONSTRAINT ticket_types_price_check CHECK (price > 0 OR is_default)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE ticket_types
        DROP CONSTRAINT IF EXISTS ticket_types_price_check,
        ADD CONSTRAINT ticket_types_price_check CHECK (price > 0) NOT VALID`);
  }
}
