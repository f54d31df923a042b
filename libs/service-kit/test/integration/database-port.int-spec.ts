import { createTestDatabasePort } from '@event-tickets/testing';
import { type Database, isUniqueViolation } from '../../src/database/sql';

/** The database port on a real PostgreSQL: plain rows, affected counts, transactions, prepared statements. */
describe('TypeOrmDatabase (the kit database port)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabasePort>>;
  let database: Database;

  beforeAll(async () => {
    db = await createTestDatabasePort('port');
    database = db.database;
    await database.execute(`CREATE TABLE seats (id int PRIMARY KEY, holder text)`);
  });

  afterAll(async () => {
    await db?.close();
  });

  it('answers rows for SELECT and RETURNING, and the affected count for writes', async () => {
    expect(await database.execute(`INSERT INTO seats (id) SELECT g FROM generate_series(1, 5) g`)).toBe(5);
    const updated = await database.query<{ id: number }>(
      `UPDATE seats SET holder = $1 WHERE id <= $2 RETURNING id`,
      ['ana', 2],
    );
    expect(updated.map((r) => r.id).sort()).toEqual([1, 2]);
    expect(await database.execute(`UPDATE seats SET holder = 'bia' WHERE holder IS NULL`)).toBe(3);
    expect(await database.execute(`DELETE FROM seats WHERE id = 99`)).toBe(0);
    expect(await database.query(`SELECT id FROM seats WHERE id = 99`)).toEqual([]);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await database.transaction(async (sql) => {
      await sql.execute(`INSERT INTO seats (id, holder) VALUES (10, 'kept')`);
    });
    await expect(
      database.transaction(async (sql) => {
        await sql.execute(`INSERT INTO seats (id, holder) VALUES (11, 'gone')`);
        throw new Error('use case refused');
      }),
    ).rejects.toThrow('use case refused');
    const rows = await database.query<{ id: number }>(`SELECT id FROM seats WHERE id IN (10, 11)`);
    expect(rows).toEqual([{ id: 10 }]);
  });

  it('sees its own writes inside the transaction, and nobody else does before the commit', async () => {
    await database.transaction(async (sql) => {
      await sql.execute(`INSERT INTO seats (id, holder) VALUES (20, 'inside')`);
      expect(await sql.query(`SELECT holder FROM seats WHERE id = 20`)).toEqual([{ holder: 'inside' }]);
      expect(await database.query(`SELECT holder FROM seats WHERE id = 20`)).toEqual([]);
    });
    expect(await database.query(`SELECT holder FROM seats WHERE id = 20`)).toEqual([{ holder: 'inside' }]);
  });

  it('runs named prepared statements repeatedly on pooled connections', async () => {
    const text = `SELECT holder FROM seats WHERE id = $1`;
    const answers = await Promise.all(
      [1, 2, 3, 10, 1, 2, 3, 10].map((id) =>
        database.prepared<{ holder: string }>('seat_holder', text, [id]),
      ),
    );
    expect(answers.map((rows) => rows[0]?.holder)).toEqual([
      'ana',
      'ana',
      'bia',
      'kept',
      'ana',
      'ana',
      'bia',
      'kept',
    ]);
    const onOneConnection = await database.transaction(async (sql) => {
      await sql.prepared('seat_holder', text, [1]);
      await sql.prepared('seat_holder', text, [2]);
      return sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = 'seat_holder'`,
      );
    });
    expect(onOneConnection).toEqual([{ n: 1 }]); // parsed once per connection, then reused
  });

  it('reports a unique violation as such, other errors not', async () => {
    const duplicate = await database.execute(`INSERT INTO seats (id) VALUES (1)`).catch((e: unknown) => e);
    expect(isUniqueViolation(duplicate)).toBe(true);
    const syntax = await database.execute(`INSERT INTO nowhere VALUES (1)`).catch((e: unknown) => e);
    expect(syntax).toBeInstanceOf(Error);
    expect(isUniqueViolation(syntax)).toBe(false);
  });
});
