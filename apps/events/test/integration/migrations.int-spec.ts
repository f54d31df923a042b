import { DataSource } from 'typeorm';
import { postgresOptions } from '@event-tickets/service-kit';
import { createTestDatabase, queryDatabase } from '@event-tickets/testing';
import { EVENTS_MIGRATIONS } from '../../src/events.module';

describe('events migrations on a fresh database', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let source: DataSource;
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    queryDatabase<T>(db.name, sql, params);

  beforeAll(async () => {
    db = await createTestDatabase('events_migrations');
    const options = postgresOptions(
      {
        DB_HOST: process.env.DB_HOST!,
        DB_PORT: Number(process.env.DB_PORT),
        DB_USER: process.env.DB_USER!,
        DB_PASSWORD: process.env.DB_PASSWORD!,
        DB_NAME: db.name,
        DB_POOL_SIZE: 2,
        DB_SSL: false,
      },
      { migrations: EVENTS_MIGRATIONS },
    );
    source = new DataSource({ ...options, migrationsRun: false });
    await source.initialize();
  });
  afterAll(async () => {
    await source?.destroy();
    await db?.drop();
  });

  it('creates the schema, in order, once', async () => {
    const applied = await source.runMigrations();
    expect(applied.map((m) => m.name)).toEqual([
      'CreateMessagingTables1732400000000',
      'AddOutboxParking1732400000020',
      'CreateEvents1732500000000',
      'AddEventCapacity1732500000001',
      'CreateSeatHolds1732500000002',
      'CountEvents1732500000003',
      'AddTicketTypes1732500000004',
      'EventDateWithZone1732500000005',
      'FreeDefaultTicketTypes1732500000006',
      'MirrorDefaultTypePrice1732500000007',
    ]);
    expect(await source.runMigrations()).toEqual([]);
    const columns = await q<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name IN ('events', 'seat_holds')`,
    );
    const type = (table: string, column: string) =>
      columns.find((c) => c.table_name === table && c.column_name === column)?.data_type;
    expect(type('events', 'event_date')).toBe('timestamp with time zone');
    expect(type('events', 'capacity')).toBe('integer');
    expect(type('events', 'sold')).toBe('integer');
    expect(type('events', 'held')).toBe('integer');
    expect(type('seat_holds', 'payment_id')).toBe('text');
    const tables = await q<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
    );
    expect(tables.map((t) => t.tablename)).toEqual(
      expect.arrayContaining(['events', 'seat_holds', 'outbox_messages', 'inbox_messages', 'migrations']),
    );
  });

  it('makes overselling impossible even for SQL that bypasses the app', async () => {
    const [event] = await q<{ id: number }>(
      `INSERT INTO events (name, price, currency, capacity) VALUES ('x', 1, 'BRL', 2) RETURNING id`,
    );
    await expect(q(`UPDATE events SET held = 2, sold = 1 WHERE id = $1`, [event!.id])).rejects.toThrow(
      /events_not_oversold/,
    );
    await expect(q(`UPDATE events SET held = -1 WHERE id = $1`, [event!.id])).rejects.toThrow(
      /events_counters_non_negative/,
    );
    await expect(q(`UPDATE events SET capacity = 0 WHERE id = $1`, [event!.id])).rejects.toThrow(
      /events_capacity_positive/,
    );
    await q(`DELETE FROM events WHERE id = $1`, [event!.id]);
  });

  it('keeps the catalogue count exact through inserts, deletes and truncation', async () => {
    const total = async () =>
      (await q<{ total: number }>(`SELECT total::int AS total FROM events_count`))[0]!.total;
    expect(await total()).toBe(0);
    await q(
      `INSERT INTO events (name, price, currency) SELECT 'e' || g, 1, 'BRL' FROM generate_series(1, 25) g`,
    );
    await q(`INSERT INTO events (name, price, currency) VALUES ('one', 1, 'BRL')`);
    expect(await total()).toBe(26);
    await q(`DELETE FROM events WHERE name LIKE 'e1%'`);
    const [actual] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM events`);
    expect(await total()).toBe(actual!.n);
    await q(`TRUNCATE events CASCADE`);
    expect(await total()).toBe(0);
  });

  it('reverts and re-applies cleanly', async () => {
    for (let i = 0; i < EVENTS_MIGRATIONS.length; i += 1) await source.undoLastMigration();
    const left = await q<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`,
    );
    expect(left).toEqual([]);
    expect(await source.runMigrations()).toHaveLength(EVENTS_MIGRATIONS.length);
  });
});
