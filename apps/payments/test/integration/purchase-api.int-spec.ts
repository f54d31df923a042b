import mongoose from 'mongoose';
import { foreignPrivateKey, queryDatabase, signToken, uniqueName } from '@event-tickets/testing';
import { type ChildApp, startChildApp } from '../support/child-app';
import { PaymentsStack } from '../support/payments-stack';

jest.setTimeout(120_000);

/** POST /payments and GET /payments/:id against the real events app (seat holds). */
describe('payments API', () => {
  let stack: PaymentsStack;
  let eventId: number;

  const holds = async (event: number) =>
    queryDatabase<{ status: string; n: number }>(
      stack.eventsDb.name,
      `SELECT status, count(*)::int AS n FROM seat_holds WHERE event_id = $1 GROUP BY status ORDER BY status`,
      [event],
    );
  const paymentsOf = async (userId: string) =>
    (
      await stack.query<{ n: number }>(`SELECT count(*)::int AS n FROM payments WHERE user_id = $1`, [userId])
    )[0]!.n;

  beforeAll(async () => {
    stack = await PaymentsStack.start({
      eventsProxy: true,
      payments: { PURCHASE_RATE_LIMIT_PER_MINUTE: '6' },
    });
    eventId = await stack.createEvent({ price: 150.5, capacity: 100 });
  });

  afterAll(async () => {
    await stack?.close();
  });

  describe('POST /payments', () => {
    it('answers 201 {payment_id, status: PENDING} and charges the event price, not the body', async () => {
      const buyer = await stack.buyer();
      const res = await stack.purchase(buyer, eventId, { event_amount: undefined, event_id: eventId });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ payment_id: expect.any(String), status: 'PENDING' });
      const payment = await stack.payment(res.body.payment_id);
      expect(payment).toMatchObject({
        amount: '150.50',
        currency: 'BRL',
        user_id: buyer.id,
        event_id: String(eventId),
      });
      expect(Object.keys(payment!)).not.toContain('payment_token');
    });

    it('requires a valid token (401)', async () => {
      const buyer = await stack.buyer();
      const anonymous = await stack.call('POST', '/payments', { user_email: buyer.email, event_id: '1' });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.message).toBe('no token found');
      const foreign = await signToken(
        { id: buyer.id, email: buyer.email, role: 'PUBLIC' },
        { privateKeyPem: foreignPrivateKey() },
      );
      const forged = await stack.purchase({ ...buyer, token: foreign }, eventId);
      expect(forged.status).toBe(401);
      expect(forged.body.message).toBe('token is unauthorized');
      expect(await paymentsOf(buyer.id)).toBe(0);
    });

    it("refuses another user's email (403) and takes no seat", async () => {
      const buyer = await stack.buyer();
      const event = await stack.createEvent({ capacity: 1 });
      const res = await stack.purchase(buyer, event, { user_email: 'someone-else@example.com' });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'EMAIL_MISMATCH' });
      expect(await paymentsOf(buyer.id)).toBe(0);
      expect(await holds(event)).toEqual([]);
      // The same email in another case is the same buyer.
      expect((await stack.purchase(buyer, event, { user_email: buyer.email.toUpperCase() })).status).toBe(
        201,
      );
    });

    it('answers 400 with the field messages (the original answered 502)', async () => {
      const buyer = await stack.buyer();
      const res = await stack.call(
        'POST',
        '/payments',
        { user_email: 'not-an-email', event_id: '', event_amount: -1, payment_token: 5, user_language: 7 },
        buyer.token,
      );
      expect(res.status).toBe(400);
      const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
      expect(fields).toEqual(['event_amount', 'event_id', 'payment_token', 'user_email', 'user_language']);
      expect(res.body.message).toContain('user_email must be an email');
      expect(res.body.message).toContain('event_amount must not be less than 0');
      expect(res.body.message).toContain('event_id must be an event id: a string of digits or an integer');
      const badJson = await fetch(`${stack.payments.url}/payments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${buyer.token}` },
        body: '{"user_email": ',
      });
      expect(badJson.status).toBe(400);
      expect(await paymentsOf(buyer.id)).toBe(0);
    });

    it('answers 409 AMOUNT_MISMATCH when event_amount is not the price, and gives the seat back', async () => {
      const buyer = await stack.buyer();
      const event = await stack.createEvent({ price: 99.9, capacity: 1 });
      const res = await stack.purchase(buyer, event, { event_amount: 1 });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        code: 'AMOUNT_MISMATCH',
        message: 'event_amount does not match the event price',
      });
      expect(await holds(event)).toEqual([{ status: 'RELEASED', n: 1 }]);
      expect((await stack.event(event)).available).toBe(1);
      expect(await paymentsOf(buyer.id)).toBe(0);
      expect((await stack.purchase(buyer, event, { event_amount: 99.9 })).status).toBe(201);
    });

    it('answers 409 "event is sold out" when no seat is left', async () => {
      const event = await stack.createEvent({ capacity: 1 });
      expect((await stack.purchase(await stack.buyer(), event)).status).toBe(201);
      const late = await stack.buyer();
      const res = await stack.purchase(late, event);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'SOLD_OUT', message: 'event is sold out' });
      expect(await paymentsOf(late.id)).toBe(0);
    });

    it('answers 404 for an unknown event', async () => {
      const buyer = await stack.buyer();
      for (const id of ['999999', 999999, '0']) {
        const res = await stack.purchase(buyer, id);
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ code: 'EVENT_NOT_FOUND' });
      }
      expect(await paymentsOf(buyer.id)).toBe(0);
    });

    it("answers 400 for an event_id that is not an id, before it reaches events' URL path", async () => {
      const buyer = await stack.buyer();
      for (const id of ['abc', '..', '.', '%2e%2e', '../../health', '1/holds', '1/../2', '-1', 1.5]) {
        const res = await stack.purchase(buyer, id);
        expect(res.status).toBe(400);
        expect(res.body.message).toContain('event_id must be an event id: a string of digits or an integer');
      }
      expect(await paymentsOf(buyer.id)).toBe(0);
    });

    it('answers 503 while events is unreachable, and works again when it is back', async () => {
      const buyer = await stack.buyer();
      stack.eventsProxy!.down();
      try {
        const res = await stack.purchase(buyer, eventId);
        expect(res.status).toBe(503);
        expect(res.body).toMatchObject({ code: 'EVENTS_UNAVAILABLE', message: 'events service unavailable' });
      } finally {
        stack.eventsProxy!.up();
      }
      expect((await stack.purchase(buyer, eventId)).status).toBe(201);
    });

    it('limits purchases per user per minute (429 with Retry-After)', async () => {
      const second = new Date().getSeconds();
      if (second > 55) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
      const buyer = await stack.buyer();
      for (let i = 0; i < 6; i += 1) expect((await stack.purchase(buyer, eventId)).status).toBe(201);
      const limited = await stack.purchase(buyer, eventId);
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ code: 'TOO_MANY_PURCHASES' });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await paymentsOf(buyer.id)).toBe(6);
      expect((await stack.purchase(await stack.buyer(), eventId)).status).toBe(201);
    });
  });

  describe('Idempotency-Key', () => {
    it('answers the first answer to the same key and body, creating nothing more', async () => {
      const buyer = await stack.buyer();
      const key = { 'idempotency-key': `key-${buyer.id}` };
      const first = await stack.purchase(buyer, eventId, {}, key);
      const again = await stack.purchase(buyer, eventId, {}, key);
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await paymentsOf(buyer.id)).toBe(1);
      const [held] = await queryDatabase(
        stack.eventsDb.name,
        `SELECT count(*)::int AS n FROM seat_holds WHERE payment_id = $1`,
        [first.body.payment_id],
      );
      expect(held).toEqual({ n: 1 });
    });

    it('answers 422 to the same key with another body', async () => {
      const buyer = await stack.buyer();
      const key = { 'idempotency-key': `key-${buyer.id}` };
      expect((await stack.purchase(buyer, eventId, {}, key)).status).toBe(201);
      const other = await stack.purchase(buyer, eventId, { payment_token: 'OTHER1' }, key);
      expect(other.status).toBe(422);
      expect(other.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      expect(await paymentsOf(buyer.id)).toBe(1);
    });

    it('keeps one payment and one seat when the same key arrives concurrently', async () => {
      const buyer = await stack.buyer();
      const event = await stack.createEvent({ capacity: 10 });
      const key = { 'idempotency-key': `burst-${buyer.id}` };
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => stack.purchase(buyer, event, {}, key)),
      );
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
      expect(new Set(answers.map((a) => a.body.payment_id)).size).toBe(1);
      expect(await paymentsOf(buyer.id)).toBe(1);
      const taken = (await holds(event)).filter((h) => h.status !== 'RELEASED');
      expect(taken).toEqual([{ status: expect.stringMatching(/HELD|SOLD/), n: 1 }]);
    });

    it('is per user: another user with the same key gets a payment of their own', async () => {
      const key = { 'idempotency-key': 'shared-key' };
      const a = await stack.purchase(await stack.buyer(), eventId, {}, key);
      const b = await stack.purchase(await stack.buyer(), eventId, {}, key);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body.payment_id).not.toBe(b.body.payment_id);
    });

    it('refuses a malformed key (400)', async () => {
      const res = await stack.purchase(
        await stack.buyer(),
        eventId,
        {},
        { 'idempotency-key': 'x'.repeat(300) },
      );
      expect(res.status).toBe(400);
    });
  });

  describe('GET /payments/:id', () => {
    let buyer: Awaited<ReturnType<PaymentsStack['buyer']>>;
    let paymentId: string;

    beforeAll(async () => {
      buyer = await stack.buyer();
      paymentId = (await stack.purchase(buyer, eventId)).body.payment_id;
    });

    it('shows the buyer their payment', async () => {
      const res = await stack.call('GET', `/payments/${paymentId}`, undefined, buyer.token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        payment_id: paymentId,
        amount: 150.5,
        currency: 'BRL',
        event_id: String(eventId),
      });
      expect(['PENDING', 'SUCCESS']).toContain(res.body.status);
    });

    it('shows an admin any payment, and refuses another user (403)', async () => {
      const admin = await stack.buyer({ role: 'ADMIN' });
      expect((await stack.call('GET', `/payments/${paymentId}`, undefined, admin.token)).status).toBe(200);
      const other = await stack.buyer();
      const res = await stack.call('GET', `/payments/${paymentId}`, undefined, other.token);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'NOT_YOUR_PAYMENT' });
    });

    it('refuses another account with the same email: the payment belongs to the buying account', async () => {
      const again = await stack.buyer({ email: buyer.email });
      expect(again.id).not.toBe(buyer.id);
      const res = await stack.call('GET', `/payments/${paymentId}`, undefined, again.token);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'NOT_YOUR_PAYMENT' });
    });

    it("keeps a payment without a user id (the original's) for admins, whatever the email", async () => {
      const legacy = await stack.buyer();
      const id = (await stack.purchase(legacy, eventId)).body.payment_id;
      await stack.query(`UPDATE payments SET user_id = NULL WHERE id = $1`, [id]);
      const mine = await stack.call('GET', `/payments/${id}`, undefined, legacy.token);
      expect(mine.status).toBe(403);
      expect(mine.body).toMatchObject({ code: 'NOT_YOUR_PAYMENT' });
      const admin = await stack.buyer({ role: 'ADMIN' });
      expect((await stack.call('GET', `/payments/${id}`, undefined, admin.token)).status).toBe(200);
    });

    it('answers 404 for an unknown payment, 400 for a malformed id, 401 without a token', async () => {
      expect(
        (await stack.call('GET', `/payments/${crypto.randomUUID()}`, undefined, buyer.token)).status,
      ).toBe(404);
      const bad = await stack.call('GET', '/payments/not-a-uuid', undefined, buyer.token);
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ code: 'INVALID_PAYMENT_ID' });
      expect((await stack.call('GET', `/payments/${paymentId}`)).status).toBe(401);
    });
  });

  describe('with a buyer logged in through the users app', () => {
    let users: ChildApp;
    const mongoDb = uniqueName('payments_users');

    beforeAll(async () => {
      users = await startChildApp('users', { MONGODB_DB: mongoDb });
    });

    afterAll(async () => {
      await users?.stop();
      const connection = await mongoose.createConnection(process.env.MONGODB_URL!).asPromise();
      await connection.useDb(mongoDb).dropDatabase();
      await connection.close();
    });

    it('buys with the token users issued, and reads the payment with it', async () => {
      const email = `${uniqueName('login')}@example.com`.toLowerCase();
      const post = (path: string, body: unknown) =>
        fetch(`${users.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, string> }));
      const registered = await post('/users', { email, password: 'password-123' });
      expect(registered.status).toBe(201);
      const login = await post('/users/token', { email, password: 'password-123' });
      expect(login.status).toBe(201);
      const buyer = { id: registered.body.id!, email, name: 'Ana', token: login.body.token! };

      const res = await stack.purchase(buyer, eventId);
      expect(res.status).toBe(201);
      expect((await stack.payment(res.body.payment_id))?.user_id).toBe(registered.body.id);
      const view = await stack.call('GET', `/payments/${res.body.payment_id}`, undefined, buyer.token);
      expect(view.status).toBe(200);
      expect((await stack.purchase(buyer, eventId, { user_email: 'not-me@example.com' })).status).toBe(403);
    });
  });

  describe('operations', () => {
    it('serves Swagger, /health and the payment metrics', async () => {
      const docs = await stack.call<{ paths: Record<string, unknown> }>('GET', '/api-json');
      expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/payments', '/payments/{id}']));
      const health = await stack.call<{ status: string; info: Record<string, unknown> }>('GET', '/health');
      expect(health.status).toBe(200);
      expect(Object.keys(health.body.info)).toEqual(expect.arrayContaining(['database', 'kafka']));
      const metrics = await fetch(`${stack.payments.url}/metrics`).then((r) => r.text());
      expect(metrics).toMatch(/payments_total\{[^}]*status="PENDING"[^}]*\} \d+/);
      expect(metrics).toContain('# TYPE payment_gateway_duration_seconds histogram');
    });
  });
});
