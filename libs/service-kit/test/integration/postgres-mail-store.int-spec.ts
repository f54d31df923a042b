import { randomUUID } from 'node:crypto';
import { createTestDatabasePort } from '@event-tickets/testing';
import { type Database, type PostgresEmailRow, PostgresMailStore } from '@event-tickets/service-kit';

interface Row extends PostgresEmailRow {
  recipient: string;
  last_error: string | null;
  next_attempt_at: Date;
}

describe('the durable mail PostgreSQL store (leases with claim tokens, SKIP LOCKED)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabasePort>>;
  let database: Database;
  let store: PostgresMailStore<Row>;

  beforeAll(async () => {
    db = await createTestDatabasePort('mail_store');
    database = db.database;
    await database.execute(`
      CREATE TABLE emails (
        id UUID PRIMARY KEY,
        recipient TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'PENDING',
        attempts INT NOT NULL DEFAULT 0,
        last_error TEXT,
        next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        sent_at TIMESTAMPTZ,
        claim_token UUID,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
    store = new PostgresMailStore<Row>(database, 'emails');
  });

  afterAll(async () => {
    await db?.close();
  });

  beforeEach(() => database.execute('DELETE FROM emails'));

  const record = async (n = 1) => {
    const ids = Array.from({ length: n }, () => randomUUID());
    for (const id of ids)
      await database.execute(`INSERT INTO emails (id, recipient) VALUES ($1, $2)`, [id, `${id}@example.com`]);
    return ids;
  };
  const row = async (id: string) =>
    (await database.query<Row>(`SELECT * FROM emails WHERE id = $1`, [id]))[0]!;

  it('claims a due email once per lease, with a token; another worker gets it only after the lease', async () => {
    const [id] = await record();
    const [first] = await store.claimDue(10, 200);
    expect(first).toMatchObject({ id, attempts: 0, email: { recipient: `${id}@example.com` } });
    expect(first!.token).toEqual(expect.any(String));
    expect(await store.claimDue(10, 200)).toEqual([]);
    expect(await store.claim(first!.email, 200)).toBeUndefined();

    await new Promise((r) => setTimeout(r, 300));
    const second = await store.claim(first!.email, 60_000);
    expect(second!.token).not.toBe(first!.token);

    expect(await store.recordSent(first!)).toBe(false); // the lease ran out: another worker has it
    expect(await store.recordFailed(first!, 'late', 1000)).toBe(false);
    expect(await row(id!)).toMatchObject({ status: 'PENDING', attempts: 0 });
    expect(await store.recordSent(second!)).toBe(true);
    expect(await row(id!)).toMatchObject({ status: 'SENT', attempts: 1, claim_token: null });
    expect(await store.countPending()).toBe(0);
  });

  it('records a failure with its next attempt after the back-off, then lets it be claimed again', async () => {
    const [id] = await record();
    const [claimed] = await store.claimDue(1, 60_000);
    expect(await store.recordFailed(claimed!, 'connect ECONNREFUSED', 300)).toBe(true);
    const failed = await row(id!);
    expect(failed).toMatchObject({ status: 'PENDING', attempts: 1, last_error: 'connect ECONNREFUSED' });
    expect(await store.claimDue(1, 60_000)).toEqual([]);
    await new Promise((r) => setTimeout(r, 400));
    expect(await store.claimDue(1, 60_000)).toMatchObject([{ id, attempts: 1 }]);
    expect(await store.countPending()).toBe(1);
  });

  it('shares the due emails between concurrent workers without overlap', async () => {
    const ids = await record(30);
    const claims = await Promise.all(Array.from({ length: 6 }, () => store.claimDue(5, 60_000)));
    const claimed = claims.flat().map((c) => c.id);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.sort()).toEqual([...ids].sort());
  });
});
