import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createTestDatabase,
  postgresSnapshot,
  queryDatabase,
  readTopic,
  type Received,
} from '@event-tickets/testing';
import {
  originalPayment,
  producePayments,
  startClientsApp,
  type ClientsTestApp,
} from '../support/clients-app';

jest.setTimeout(120_000);

const ORIGINAL_SCHEMA = readFileSync(join(__dirname, '../fixtures/original-schema.sql'), 'utf8');

/**
 * Rows as the original wrote them (SERIAL ids, `created_at` by default): its email lookups were
 * exact, so one buyer who typed their email in two cases became two clients (1 and 3).
 */
const ORIGINAL_ROWS = `
  INSERT INTO clients (name, email, created_at) VALUES
    ('Ana', 'Ana@Example.com', '2024-05-01 10:00:00+00'),
    ('Bia', 'bia@example.com', '2024-05-02 10:00:00+00'),
    ('Ana Again', 'ana@example.com', '2024-05-03 10:00:00+00'),
    ('José', 'jose@example.com', '2024-05-04 10:00:00+00')`;
const ORIGINAL_VALUES = `SELECT id, name, email, extract(epoch FROM created_at)::text AS created_at FROM clients ORDER BY id`;

const about = (email: string) => (m: Received) => m.json().email === email;

describe("clients on the original's data", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let t: ClientsTestApp;
  let before: Record<string, unknown>[];
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    queryDatabase<T>(db.name, sql, params);
  const byEmail = (email: string) =>
    t.call<Record<string, unknown>>('GET', `/clients?email=${encodeURIComponent(email)}`, {
      token: t.adminToken,
    });

  beforeAll(async () => {
    db = await createTestDatabase('clients_original');
    await q(ORIGINAL_SCHEMA);
    await q(ORIGINAL_ROWS);
    before = await q(ORIGINAL_VALUES);
    t = await startClientsApp({}, db.name);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('migrates at start without loss, setting aside the rows that differ only in case', async () => {
    expect(await q(ORIGINAL_VALUES)).toEqual(before);
    expect(await q(`SELECT id, duplicate_of FROM clients ORDER BY id`)).toEqual([
      { id: 1, duplicate_of: null },
      { id: 2, duplicate_of: null },
      { id: 3, duplicate_of: 1 },
      { id: 4, duplicate_of: null },
    ]);
  });

  it('reads them by email: the exact spelling first, as the original, then any case', async () => {
    expect((await byEmail('bia@example.com')).body).toEqual({
      id: '2',
      name: 'Bia',
      email: 'bia@example.com',
      created_at: '2024-05-02T10:00:00.000Z',
    });
    expect((await byEmail('Ana@Example.com')).body).toMatchObject({ id: '1', name: 'Ana' });
    expect((await byEmail('ana@example.com')).body).toMatchObject({ id: '3', name: 'Ana Again' });
    expect((await byEmail('ANA@EXAMPLE.COM')).body).toMatchObject({ id: '1' });
    expect((await byEmail('jose@example.com')).body).toMatchObject({ id: '4', name: 'José' });
    const created = await t.call('POST', '/clients', {
      body: { name: 'Ana', email: 'ANA@example.com' },
      token: t.adminToken,
    });
    expect(created.status).toBe(409);
  });

  it("takes the original's purchases: an old client gets its ticket, a new one an id after the original's", async () => {
    const fresh = 'new-buyer@example.com';
    await producePayments(t, [
      originalPayment('bia@example.com'),
      originalPayment(fresh, { user_name: 'Nova' }),
    ]);
    const tickets = await readTopic(
      t.topics.sendTicket,
      (ms) => ms.some(about('bia@example.com')) && ms.some(about(fresh)),
      60_000,
    );
    expect(tickets.filter(about('bia@example.com'))).toHaveLength(1);
    // The SERIAL goes on after the original's ids (inserts that found a client used some numbers).
    expect(await q(`SELECT name, email FROM clients WHERE id > 4`)).toEqual([{ name: 'Nova', email: fresh }]);
    expect(await q(`SELECT name FROM clients WHERE id = 2`)).toEqual([{ name: 'Bia' }]);
  });

  it("answers the original's own create with more columns than it scans (why the guide stops it first)", async () => {
    const [row] = await q<Record<string, unknown>>(
      `INSERT INTO clients(name, email) VALUES($1, $2) RETURNING *`,
      ['Old Service', 'old-service@example.com'],
    );
    // The original scans id, name, email, created_at: with ours added it errors, though the row is stored.
    expect(Object.keys(row!)).toEqual([
      'id',
      'name',
      'email',
      'created_at',
      'user_id',
      'owned_since',
      'duplicate_of',
    ]);
    expect((await byEmail('old-service@example.com')).body).toMatchObject({ name: 'Old Service' });
  });

  it('changes nothing at a second start, and runs no migration again', async () => {
    await t.close();
    const first = await postgresSnapshot(db.name);
    t = await startClientsApp({}, db.name);
    await t.close();
    expect(await postgresSnapshot(db.name)).toEqual(first);
    t = await startClientsApp({}, db.name);
  });
});
