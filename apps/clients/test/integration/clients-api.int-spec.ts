import {
  foreignPrivateKey,
  queryDatabase,
  readTopic,
  type Received,
  signToken,
  testKafka,
} from '@event-tickets/testing';
import { type ClientsTestApp, startClientsApp, unique } from '../support/clients-app';

interface Client {
  id: string;
  name: string;
  email: string;
  created_at: string;
}
interface ClientList {
  clients: Client[];
  pagination: { page: number; size: number; total: number; totalPages: number };
}

const buyerToken = (email: string) => signToken({ id: `user-${email}`, email, role: 'PUBLIC' });

describe('clients HTTP API', () => {
  let t: ClientsTestApp;
  const create = (body: unknown, token = t.adminToken) => t.call<Client>('POST', '/clients', { body, token });

  beforeAll(async () => {
    t = await startClientsApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('POST /clients (admin)', () => {
    it('creates a client: 201 {id as a string, name, email, created_at}, and publishes CLIENT_CREATED', async () => {
      const email = unique('post');
      const res = await create({ name: ' Ana ', email: ` ${email} ` });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^\d+$/),
        name: 'Ana',
        email,
        created_at: expect.any(String),
      });
      expect(Math.abs(Date.parse(res.body.created_at) - Date.now())).toBeLessThan(60_000);

      const about = (m: Received) => m.json().email === email;
      const created = (await readTopic(t.topics.clientCreated, (ms) => ms.some(about))).filter(about);
      expect(created.map((m) => m.json())).toEqual([{ email, name: 'Ana' }]);
      expect(created[0]!.key).toBe(email);
    });

    it('answers 409 "client already exists" for an email already taken, in any case', async () => {
      const email = unique('dup');
      expect((await create({ name: 'Ana', email })).status).toBe(201);
      const res = await create({ name: 'Other', email: email.toUpperCase() });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        statusCode: 409,
        message: 'client already exists',
        code: 'CLIENT_EXISTS',
      });
      const rows = await queryDatabase(t.db, `SELECT 1 FROM clients WHERE lower(email) = $1`, [email]);
      expect(rows).toHaveLength(1);
    });

    it("answers 400 with the original's messages, the name first", async () => {
      const cases: [unknown, string][] = [
        [{ email: unique('noname') }, 'the name field is mandatory'],
        [{ name: '  ', email: unique('blank') }, 'the name field is mandatory'],
        [{}, 'the name field is mandatory'],
        [{ name: 'Ana' }, 'the email field is mandatory'],
        [{ name: 'Ana', email: '' }, 'the email field is mandatory'],
        [{ name: 'Ana', email: 'not-an-email' }, 'the email field is invalid'],
        [{ name: 7, email: unique('num') }, 'the name field must be a string'],
        [[], 'Body is invalid'],
      ];
      for (const [body, message] of cases) {
        const res = await create(body);
        expect({ body, status: res.status, message: res.body.message }).toEqual({
          body,
          status: 400,
          message,
        });
      }
    });

    it('answers 400 (not 500) to malformed JSON, 415 to another content type', async () => {
      const bad = await t.call('POST', '/clients', { body: '{"name": "Ana",', token: t.adminToken });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toEqual(expect.any(String));
      const text = await t.call('POST', '/clients', {
        body: 'name=Ana',
        token: t.adminToken,
        headers: { 'content-type': 'text/plain' },
      });
      expect(text.status).toBe(415);
    });

    it('is for admins only: 401 without a token, 403 for a buyer', async () => {
      const body = { name: 'Ana', email: unique('nope') };
      const anonymous = await t.call('POST', '/clients', { body });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.message).toBe('no token found');
      const buyer = await create(body, await buyerToken(body.email));
      expect(buyer.status).toBe(403);
      expect(buyer.body.message).toBe('Admin access required');
      expect(await queryDatabase(t.db, `SELECT 1 FROM clients WHERE email = $1`, [body.email])).toHaveLength(
        0,
      );
    });
  });

  describe('GET /clients?email=', () => {
    let client: Client;
    const owner = 'user-bia';

    beforeAll(async () => {
      client = (await create({ name: 'Bia', email: capital(unique('bia')) })).body;
      // As a purchase through our payments records it (see purchases.int-spec): the buying account.
      await queryDatabase(t.db, `UPDATE clients SET user_id = $1 WHERE id = $2`, [owner, Number(client.id)]);
    });

    const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
    const byEmail = (email: string, token?: string) =>
      t.call<Client>('GET', `/clients?email=${encodeURIComponent(email)}`, { token });
    const accountToken = (id: string, email: string) => signToken({ id, email, role: 'PUBLIC' });

    it('answers the account the client belongs to (its token email in any case)', async () => {
      const res = await byEmail(
        client.email.toLowerCase(),
        await accountToken(owner, client.email.toUpperCase()),
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual(client);
    });

    it('refuses another account with the same email (403): an email deleted and registered again', async () => {
      const res = await byEmail(client.email, await accountToken('user-bia-again', client.email));
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'NOT_YOUR_CLIENT' });
      expect(JSON.stringify(res.body)).not.toContain('Bia');
    });

    it('keeps a client without an account (created by an admin, or the original) for admins', async () => {
      const email = unique('unowned');
      expect((await create({ name: 'Cy', email })).status).toBe(201);
      const res = await byEmail(email, await buyerToken(email));
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'NOT_YOUR_CLIENT' });
      expect((await byEmail(email, t.adminToken)).status).toBe(200);
    });

    it('answers an admin about anyone; 404 "client is not found" for an unknown or empty email', async () => {
      expect((await byEmail(client.email.toUpperCase(), t.adminToken)).body).toEqual(client);
      for (const email of [unique('ghost'), '']) {
        const res = await byEmail(email, t.adminToken);
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({
          statusCode: 404,
          message: 'client is not found',
          code: 'CLIENT_NOT_FOUND',
        });
      }
    });

    it('answers 404 to a buyer asking for themself before they bought anything', async () => {
      const email = unique('newcomer');
      const res = await byEmail(email, await buyerToken(email));
      expect(res.status).toBe(404);
      expect(res.body.message).toBe('client is not found');
    });

    it("refuses another client's record (403), whether it exists or not", async () => {
      const other = await buyerToken(unique('other'));
      for (const email of [client.email, unique('ghost'), '']) {
        const res = await byEmail(email, other);
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ code: 'NOT_YOUR_CLIENT' });
        expect(JSON.stringify(res.body)).not.toContain('Bia');
      }
    });

    it('refuses missing, expired and foreign tokens with the 401 messages', async () => {
      expect((await byEmail(client.email)).body.message).toBe('no token found');
      const expired = await signToken(
        { id: 'u', email: client.email, role: 'PUBLIC' },
        { issuedAt: Math.floor(Date.now() / 1000) - 7200, expiresInSeconds: 3600 },
      );
      const expiredRes = await byEmail(client.email, expired);
      expect(expiredRes.status).toBe(401);
      expect(expiredRes.body.message).toBe('token is expired');
      const forged = await signToken(
        { id: 'u', email: client.email, role: 'ADMIN' },
        { privateKeyPem: foreignPrivateKey() },
      );
      const forgedRes = await byEmail(client.email, forged);
      expect(forgedRes.status).toBe(401);
      expect(forgedRes.body.message).toBe('token is unauthorized');
    });
  });

  describe('GET /clients (admin, paginated)', () => {
    beforeAll(async () => {
      for (let i = 0; i < 12; i += 1) {
        const res = await create({ name: `Page ${i}`, email: unique(`page${i}`) });
        if (res.status !== 201) throw new Error(`create failed: ${res.status}`);
      }
    });

    const list = (query: string, token = t.adminToken) =>
      t.call<ClientList>('GET', `/clients${query}`, { token });
    const stored = () =>
      queryDatabase<{ id: number }>(t.db, `SELECT id FROM clients ORDER BY id DESC`).then((r) =>
        r.map((x) => String(x.id)),
      );

    it('lists 10 per page by default, newest first, with the pagination block', async () => {
      const ids = await stored();
      const res = await list('');
      expect(res.status).toBe(200);
      expect(res.body.pagination).toEqual({
        page: 1,
        size: 10,
        total: ids.length,
        totalPages: Math.ceil(ids.length / 10),
      });
      expect(res.body.clients.map((c) => c.id)).toEqual(ids.slice(0, 10));
      expect(res.body.clients[0]).toEqual({
        id: ids[0],
        name: 'Page 11',
        email: expect.stringMatching(/^page11_/),
        created_at: expect.any(String),
      });
      const second = await list('?page=2&size=10');
      expect(second.body.clients.map((c) => c.id)).toEqual(ids.slice(10, 20));
    });

    it('reads page ≤ 0 or not a number as 1, size ≤ 0 as 10, caps size at 100', async () => {
      const ids = await stored();
      expect((await list('?page=0&size=-3')).body.pagination).toMatchObject({ page: 1, size: 10 });
      expect((await list('?page=abc')).body.pagination.page).toBe(1);
      const capped = await list('?size=1000');
      expect(capped.body.pagination).toMatchObject({ size: 100, totalPages: 1 });
      expect(capped.body.clients).toHaveLength(ids.length);
      const beyond = await list('?page=99');
      expect(beyond.status).toBe(200);
      expect(beyond.body.clients).toEqual([]);
    });

    it('is for admins only', async () => {
      const buyer = await list('', await buyerToken(unique('curious')));
      expect(buyer.status).toBe(403);
      expect(buyer.body.message).toBe('Admin access required');
      expect((await t.call('GET', '/clients')).status).toBe(401);
    });
  });

  describe('operations', () => {
    it('keeps the original health paths beside /health', async () => {
      const live = await t.call('GET', '/healthcheck/live');
      expect([live.status, live.text]).toEqual([200, 'OK']);
      const ready = await t.call('GET', '/healthcheck/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({
        status: 'ok',
        info: { database: { status: 'up' }, kafka: { status: 'up' } },
      });
      expect((await t.call('GET', '/health')).status).toBe(200);
    });

    it('creates the topics it publishes at start-up (SEND_TICKET is never read in this file)', async () => {
      const admin = testKafka().admin();
      await admin.connect();
      try {
        expect(await admin.listTopics()).toEqual(
          expect.arrayContaining([
            t.topics.sendTicket,
            t.topics.clientCreated,
            `${t.topics.paymentSucceeded}.DLQ`,
          ]),
        );
      } finally {
        await admin.disconnect();
      }
    });

    it('answers 404 (not 500) to unknown routes', async () => {
      for (const [method, path] of [
        ['GET', '/nope'],
        ['GET', '/clients/12'],
        ['DELETE', '/clients'],
      ] as const) {
        const res = await t.call(method, path, { token: t.adminToken });
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
      }
    });

    it('documents the API in Swagger', async () => {
      const doc = await t.call<{ paths: Record<string, Record<string, unknown>> }>('GET', '/api-json');
      expect(doc.status).toBe(200);
      expect(Object.keys(doc.body.paths['/clients']!)).toEqual(expect.arrayContaining(['get', 'post']));
      expect(doc.body.paths).toHaveProperty(['/healthcheck/live']);
      expect(doc.body.paths).toHaveProperty(['/healthcheck/ready']);
    });

    it('counts clients created through the API in /metrics', async () => {
      const res = await t.call('GET', '/metrics');
      expect(res.text).toMatch(/clients_created_total\{[^}]*source="api"[^}]*\} [1-9]/);
    });
  });
});
