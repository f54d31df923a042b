import { DataSource } from 'typeorm';
import { postgresOptions } from '@event-tickets/service-kit';
import { createTestDatabase, queryDatabase } from '@event-tickets/testing';
import { EVENTS_MIGRATIONS } from '../../src/events.module';

describe('ticket types migration on a database with events', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    queryDatabase<T>(db.name, sql, params);
  const source = (migrations: typeof EVENTS_MIGRATIONS) =>
    new DataSource({
      ...postgresOptions(
        {
          DB_HOST: process.env.DB_HOST!,
          DB_PORT: Number(process.env.DB_PORT),
          DB_USER: process.env.DB_USER!,
          DB_PASSWORD: process.env.DB_PASSWORD!,
          DB_NAME: db.name,
          DB_POOL_SIZE: 2,
          DB_SSL: false,
        },
        { migrations },
      ),
      migrationsRun: false,
    });

  beforeAll(async () => {
    db = await createTestDatabase('events_types_migration');
  });
  afterAll(() => db?.drop());

  it('gives every existing event its default type, with its price, capacity and seat counters', async () => {
    const typesAt = EVENTS_MIGRATIONS.findIndex((m) => m.name === 'AddTicketTypes1732500000004');
    const before = source(EVENTS_MIGRATIONS.slice(0, typesAt));
    await before.initialize();
    await before.runMigrations();
    await before.destroy();
    const [limited] = await q<{ id: number }>(
      `INSERT INTO events (name, price, currency, capacity, sold, held) VALUES ('a', 12.5, 'BRL', 10, 3, 2) RETURNING id`,
    );
    const [unlimited] = await q<{ id: number }>(
      `INSERT INTO events (name, price, currency) VALUES ('b', 7, 'BRL') RETURNING id`,
    );
    await q(
      `INSERT INTO seat_holds (payment_id, event_id, status, expires_at) VALUES ('old-hold', $1, 'HELD', now())`,
      [limited!.id],
    );

    const after = source(EVENTS_MIGRATIONS);
    await after.initialize();
    expect((await after.runMigrations()).map((m) => m.name)).toEqual([
      'AddTicketTypes1732500000004',
      'EventDateWithZone1732500000005',
      'FreeDefaultTicketTypes1732500000006',
      'MirrorDefaultTypePrice1732500000007',
    ]);
    await after.destroy();

    const types = await q(
      `SELECT event_id, name, price::float AS price, capacity, sold, held, revenue::float AS revenue, is_default
       FROM ticket_types ORDER BY event_id`,
    );
    expect(types).toEqual([
      {
        event_id: limited!.id,
        name: 'General admission',
        price: 12.5,
        capacity: 10,
        sold: 3,
        held: 2,
        revenue: 37.5,
        is_default: true,
      },
      {
        event_id: unlimited!.id,
        name: 'General admission',
        price: 7,
        capacity: null,
        sold: 0,
        held: 0,
        revenue: 0,
        is_default: true,
      },
    ]);
    const [hold] = await q(
      `SELECT quantity, ticket_type_id, unit_price::float AS unit_price, refunded FROM seat_holds`,
    );
    expect(hold).toMatchObject({ quantity: 1, unit_price: 12.5, refunded: 0 });
    const [event] = await q(`SELECT status, sold, held FROM events WHERE id = $1`, [limited!.id]);
    expect(event).toEqual({ status: 'ON_SALE', sold: 0, held: 0 });
    // A new events row, however inserted, gets its default type; oversold types are refused.
    const [fresh] = await q<{ id: number }>(
      `INSERT INTO events (name, price, currency, capacity) VALUES ('c', 5, 'BRL', 2) RETURNING id`,
    );
    await expect(q(`UPDATE ticket_types SET held = 3 WHERE event_id = $1`, [fresh!.id])).rejects.toThrow(
      /ticket_types_not_oversold/,
    );
    await expect(
      q(`INSERT INTO ticket_types (event_id, name, price, is_default) VALUES ($1, 'x', 1, true)`, [
        fresh!.id,
      ]),
    ).rejects.toThrow(/ticket_types_one_default/);
  });
});
