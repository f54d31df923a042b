import { randomUUID } from 'node:crypto';
import { eventually } from '@event-tickets/testing';
import {
  type ErrorJson,
  issueTicket,
  qrTextOf,
  startTicketsApp,
  ticketEmails,
  type TicketJson,
  type TicketsTestApp,
  tokenFor,
  uniqueEmail,
} from '../support/tickets-app';

describe('tickets HTTP API: resending the same ticket', () => {
  let t: TicketsTestApp;
  let admin: string;
  let bobToken: string;
  const ana = uniqueEmail('ana');
  let anaPassport: string;

  beforeAll(async () => {
    t = await startTicketsApp({ TICKET_RESEND_COOLDOWN_SECONDS: '30' });
    admin = await tokenFor('admin@example.com', 'ADMIN');
    bobToken = await tokenFor(uniqueEmail('bob'));
    anaPassport = await issueTicket(t, { email: ana });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('POST /tickets/:passport/resend', () => {
    it('emails the same ticket (same passport) again to its owner; not twice in a row', async () => {
      const email = uniqueEmail('resend');
      const ownerId = randomUUID();
      const passport = await issueTicket(t, { email, userId: ownerId });
      const owner = await tokenFor(email, 'PUBLIC', ownerId);
      await eventually(
        () => ticketEmails(email),
        (m) => m.length === 1,
        { timeoutMs: 60_000 },
      );
      await eventually(
        () => t.tickets.findOne({ passport }).lean(),
        (d) => d?.mail.status === 'SENT',
      );

      // The same email on another account (deleted and registered again) is not the owner.
      const again = await t.call<ErrorJson>('POST', `/tickets/${passport}/resend`, await tokenFor(email));
      expect(again.status).toBe(403);
      expect(again.body.code).toBe('NOT_YOUR_TICKET');

      const res = await t.call<TicketJson>('POST', `/tickets/${passport}/resend`, owner);
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ passport, mailStatus: 'PENDING' });
      const mails = await eventually(
        () => ticketEmails(email),
        (m) => m.length === 2,
        { timeoutMs: 60_000 },
      );
      expect(mails).toHaveLength(2);
      for (const mail of mails) expect(await qrTextOf(mail)).toBe(passport);
      await eventually(
        () => t.tickets.findOne({ passport }).lean(),
        (d) => d?.mail.status === 'SENT',
      );

      const tooSoon = await t.call<ErrorJson>('POST', `/tickets/${passport}/resend`, owner);
      expect(tooSoon.status).toBe(429);
      expect(Number(tooSoon.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(tooSoon.headers.get('retry-after'))).toBeLessThanOrEqual(30);
      await new Promise((r) => setTimeout(r, 1500));
      expect(await ticketEmails(email)).toHaveLength(2);
      expect(await t.tickets.countDocuments({ email })).toBe(1);
    });

    it('admins may resend; a resend while one is pending adds nothing; others get 403; unknown → 404; no token → 401', async () => {
      const passport = anaPassport;
      await eventually(
        () => t.tickets.findOne({ passport }).lean(),
        (d) => d?.mail.status === 'SENT',
      );
      expect((await t.call('POST', `/tickets/${passport}/resend`, bobToken)).status).toBe(403);
      expect((await t.call('POST', `/tickets/${passport}/resend`)).status).toBe(401);
      expect((await t.call('POST', `/tickets/${randomUUID()}/resend`, admin)).status).toBe(404);
      expect((await t.call('POST', `/tickets/${passport}/resend`, admin)).status).toBe(202);
      // Right after: still pending (202, nothing more queued) or just sent (429, cooldown).
      expect([202, 429]).toContain((await t.call('POST', `/tickets/${passport}/resend`, admin)).status);
      await eventually(
        () => t.tickets.findOne({ passport }).lean(),
        (d) => d?.mail.status === 'SENT',
      );
      await new Promise((r) => setTimeout(r, 1500));
      const mails = await ticketEmails(ana);
      expect(mails).toHaveLength(2); // the first email and one resend
      for (const mail of mails) expect(mail.HTML).toContain(passport);
    });
  });
});
