import { randomUUID } from 'node:crypto';
import { CheckInUseCase } from '../../src/tickets/check-in.use-case';
import {
  type ErrorJson,
  issueTicket,
  startTicketsApp,
  type TicketJson,
  type TicketsTestApp,
  tokenFor,
  uniqueEmail,
} from '../support/tickets-app';

describe('tickets HTTP API: check-in at the door, once', () => {
  let t: TicketsTestApp;
  let admin: string;
  const ana = uniqueEmail('ana');
  const anaId = randomUUID();
  let anaToken: string;

  beforeAll(async () => {
    t = await startTicketsApp();
    admin = await tokenFor('admin@example.com', 'ADMIN');
    anaToken = await tokenFor(ana, 'PUBLIC', anaId);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('POST /tickets/:passport/check-in', () => {
    it('admits once: 200 with checkedInAt, then 409 with the same time; admins only; unknown → 404', async () => {
      const passport = await issueTicket(t, { email: ana, eventId: 'door', userId: anaId });
      const owner = await t.call<ErrorJson>('POST', `/tickets/${passport}/check-in`, anaToken);
      expect(owner.status).toBe(403);
      expect(owner.body.message).toBe('Admin access required');
      expect((await t.call('POST', `/tickets/${passport}/check-in`)).status).toBe(401);

      const first = await t.call<TicketJson>('POST', `/tickets/${passport}/check-in`, admin);
      expect(first.status).toBe(200);
      expect(first.body.passport).toBe(passport);
      expect(Date.parse(first.body.checkedInAt!)).toBeGreaterThan(Date.now() - 60_000);

      const again = await t.call<ErrorJson>('POST', `/tickets/${passport}/check-in`, admin);
      expect(again.status).toBe(409);
      expect(again.body.message).toBe('ticket already checked in');
      expect(again.body.details).toEqual({ checkedInAt: first.body.checkedInAt });

      const read = await t.call<TicketJson>('GET', `/tickets/${passport}`, anaToken);
      expect(read.body.checkedInAt).toBe(first.body.checkedInAt);

      const unknown = await t.call<ErrorJson>('POST', `/tickets/${randomUUID()}/check-in`, admin);
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toBe('ticket is not found');
    });

    it('20 simultaneous check-ins of one ticket → exactly one 200, nineteen 409 with its time', async () => {
      const passport = await issueTicket(t, { email: ana, eventId: 'rush' });
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          t.call<TicketJson & ErrorJson>('POST', `/tickets/${passport}/check-in`, admin),
        ),
      );
      const ok = results.filter((r) => r.status === 200);
      const conflicts = results.filter((r) => r.status === 409);
      expect(ok).toHaveLength(1);
      expect(conflicts).toHaveLength(19);
      for (const c of conflicts) expect(c.body.details?.checkedInAt).toBe(ok[0]!.body.checkedInAt);
      const stored = await t.tickets.findOne({ passport }).lean();
      expect(stored!.checkedInAt?.toISOString()).toBe(ok[0]!.body.checkedInAt);
    });

    it('decides by a unique insert, not a conditional update: 3 tickets × 30 concurrent use-case calls → 3 winners', async () => {
      const checkIn = t.app.app.get(CheckInUseCase);
      const caller = { id: 'door-1', email: 'admin@example.com', role: 'ADMIN' as const };
      for (let i = 0; i < 3; i += 1) {
        const passport = await issueTicket(t, { email: ana, eventId: `burst-${i}` });
        const outcomes = await Promise.allSettled(
          Array.from({ length: 30 }, () => checkIn.execute({ passport, caller })),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      }
    });
  });
});
