import { randomUUID } from 'node:crypto';
import { eventually, foreignPrivateKey, signToken } from '@event-tickets/testing';
import {
  type ErrorJson,
  issueTicket,
  startTicketsApp,
  type TicketJson,
  type TicketsTestApp,
  tokenFor,
  uniqueEmail,
} from '../support/tickets-app';

describe('tickets HTTP API: reading tickets (owner or admin), health, metrics, Swagger', () => {
  let t: TicketsTestApp;
  let admin: string;
  const ana = uniqueEmail('ana');
  const anaId = randomUUID();
  let anaToken: string;
  let bobToken: string;
  /** Another account with Ana's email: hers deleted, the email registered again. */
  let newcomerToken: string;
  const passports: string[] = [];
  let originalPassport: string;

  beforeAll(async () => {
    t = await startTicketsApp();
    admin = await tokenFor('admin@example.com', 'ADMIN');
    anaToken = await tokenFor(ana.toUpperCase(), 'PUBLIC', anaId);
    bobToken = await tokenFor(uniqueEmail('bob'));
    newcomerToken = await tokenFor(ana);
    passports.push(await issueTicket(t, { email: ana, eventId: '1', userId: anaId }));
    await new Promise((r) => setTimeout(r, 20));
    passports.push(
      await issueTicket(t, {
        email: ana,
        eventId: '2',
        paymentId: undefined,
        eventDate: undefined,
        userId: anaId,
      }),
    );
    await new Promise((r) => setTimeout(r, 20));
    // Issued from the original's SEND_TICKET: no account, so admins only.
    originalPassport = await issueTicket(t, { email: ana, eventId: '0', paymentId: undefined });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('GET /tickets?email=', () => {
    it("gives the buyer their account's tickets, newest first, whatever the email's case", async () => {
      const res = await t.call<TicketJson[]>('GET', `/tickets?email=${encodeURIComponent(ana)}`, anaToken);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-total-count')).toBe('2');
      expect(res.body.map((x) => x.eventId)).toEqual(['2', '1']);
      expect(Object.keys(res.body[0]!).sort()).toEqual(
        [
          'passport',
          'email',
          'name',
          'eventId',
          'eventName',
          'eventDescription',
          'eventImageUrl',
          'eventDate',
          'language',
          'paymentId',
          'createdAt',
          'checkedInAt',
          'mailStatus',
          'status',
          'voidedAt',
          'seat',
          'quantity',
          'ticketTypeId',
          'ticketTypeName',
        ].sort(),
      );
      expect(res.body[0]).toMatchObject({ eventDate: null, paymentId: null, email: ana });
      // A ticket from a message without the order fields: one seat of an unnamed type, valid.
      expect(res.body[0]).toMatchObject({
        status: 'VALID',
        voidedAt: null,
        seat: 1,
        quantity: 1,
        ticketTypeId: null,
        ticketTypeName: null,
      });
      expect(res.body[1]).toMatchObject({ eventDate: '2030-09-25T20:00:00.000Z', passport: passports[0] });
    });

    it('pages: size and page', async () => {
      const res = await t.call<TicketJson[]>('GET', `/tickets?email=${ana}&size=1&page=2`, anaToken);
      expect(res.body.map((x) => x.eventId)).toEqual(['1']);
      expect(res.headers.get('x-total-count')).toBe('2');
    });

    it("lets admins read every ticket of an email, the original's included; others get 403", async () => {
      const all = await t.call<TicketJson[]>('GET', `/tickets?email=${ana}`, admin);
      expect(all.body.map((x) => x.passport)).toEqual([originalPassport, passports[1], passports[0]]);
      expect(all.headers.get('x-total-count')).toBe('3');
      const other = await t.call<ErrorJson>('GET', `/tickets?email=${ana}`, bobToken);
      expect(other.status).toBe(403);
      expect(other.body.code).toBe('NOT_YOUR_TICKET');
    });

    it('gives another account with the same email (deleted and registered again) none of them', async () => {
      const res = await t.call<TicketJson[]>('GET', `/tickets?email=${ana}`, newcomerToken);
      expect(res.status).toBe(200);
      expect(res.body).toEqual([]);
      expect(res.headers.get('x-total-count')).toBe('0');
    });

    it('needs an email (400) and a valid token (401)', async () => {
      const missing = await t.call<ErrorJson>('GET', '/tickets', admin);
      expect(missing.status).toBe(400);
      expect(missing.body.message).toBe('email is required');
      expect((await t.call<ErrorJson>('GET', `/tickets?email=${ana}`)).body).toMatchObject({
        statusCode: 401,
        message: 'no token found',
      });
      const forged = await signToken(
        { id: 'x', email: ana, role: 'ADMIN' },
        { privateKeyPem: foreignPrivateKey() },
      );
      expect((await t.call<ErrorJson>('GET', `/tickets?email=${ana}`, forged)).body).toMatchObject({
        statusCode: 401,
        message: 'token is unauthorized',
      });
      const expired = await signToken(
        { id: 'x', email: ana, role: 'PUBLIC' },
        { issuedAt: Math.floor(Date.now() / 1000) - 7200, expiresInSeconds: 60 },
      );
      expect((await t.call<ErrorJson>('GET', `/tickets?email=${ana}`, expired)).body).toMatchObject({
        statusCode: 401,
        message: 'token is expired',
      });
    });
  });

  describe('GET /tickets/:passport', () => {
    it('shows the ticket to its owner and to admins', async () => {
      const mine = await t.call<TicketJson>('GET', `/tickets/${passports[0]}`, anaToken);
      expect(mine.status).toBe(200);
      expect(mine.body).toMatchObject({
        passport: passports[0],
        email: ana,
        eventId: '1',
        checkedInAt: null,
      });
      expect((await t.call('GET', `/tickets/${passports[0]!.toUpperCase()}`, admin)).status).toBe(200);
    });

    it("keeps a ticket without an account (the original's) for admins, even from its email's owner", async () => {
      const mine = await t.call<ErrorJson>('GET', `/tickets/${originalPassport}`, anaToken);
      expect(mine.status).toBe(403);
      expect(mine.body.code).toBe('NOT_YOUR_TICKET');
      expect((await t.call('GET', `/tickets/${originalPassport}`, admin)).status).toBe(200);
    });

    it("refuses someone else's ticket (403), unknown or malformed passports (404), no token (401)", async () => {
      expect((await t.call('GET', `/tickets/${passports[0]}`, bobToken)).status).toBe(403);
      const newcomer = await t.call<ErrorJson>('GET', `/tickets/${passports[0]}`, newcomerToken);
      expect(newcomer.status).toBe(403);
      expect(newcomer.body.code).toBe('NOT_YOUR_TICKET');
      const unknown = await t.call<ErrorJson>('GET', `/tickets/${randomUUID()}`, admin);
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toBe('ticket is not found');
      expect((await t.call('GET', '/tickets/not-a-passport', admin)).status).toBe(404);
      expect((await t.call('GET', `/tickets/${passports[0]}`)).status).toBe(401);
    });
  });

  describe('operations', () => {
    it('/health reports MongoDB, Kafka and SMTP', async () => {
      const res = await t.call<{ status: string; details: Record<string, { status: string }> }>(
        'GET',
        '/health',
      );
      expect(res.status).toBe(200);
      expect(res.body.details).toMatchObject({
        mongodb: { status: 'up' },
        kafka: { status: 'up' },
        smtp: { status: 'up' },
      });
    });

    it('/metrics counts issued tickets, sent emails and check-ins', async () => {
      const metrics = async () => {
        const text = await (await fetch(`${t.app.url}/metrics`)).text();
        return (series: string) =>
          Number(new RegExp(`^${series}[{,][^\\n]* (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
      };
      const before = await metrics();
      const passport = await issueTicket(t, { email: uniqueEmail('metrics') });
      await eventually(
        () => t.tickets.findOne({ passport }).lean(),
        (d) => d?.mail.status === 'SENT',
      );
      expect((await t.call('POST', `/tickets/${passport}/check-in`, admin)).status).toBe(200);
      expect((await t.call('POST', `/tickets/${passport}/check-in`, admin)).status).toBe(409);
      const after = await metrics();
      const delta = (series: string) => after(series) - before(series);
      expect(delta('tickets_issued_total')).toBe(1);
      expect(delta('ticket_emails_sent_total\\{kind="first"')).toBeGreaterThanOrEqual(1);
      expect(delta('ticket_check_ins_total\\{outcome="checked_in"')).toBe(1);
      expect(delta('ticket_check_ins_total\\{outcome="already_checked_in"')).toBe(1);
      expect(after('ticket_emails_pending')).toBeGreaterThanOrEqual(0);
    });

    it('documents the API in Swagger', async () => {
      const doc = (await (await fetch(`${t.app.url}/api-json`)).json()) as { paths: Record<string, object> };
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/tickets',
          '/tickets/{passport}',
          '/tickets/{passport}/check-in',
          '/tickets/{passport}/resend',
        ]),
      );
    });
  });
});
