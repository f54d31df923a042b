import { randomUUID } from 'node:crypto';
import { eventually, type RunningApp, startApp, uniqueName } from '@event-tickets/testing';
import { IssueTicketUseCase, type SendTicket } from '../../src/tickets/issue-ticket.use-case';
import { ticketsService } from '../../src/tickets.service-definition';
import { startTicketsApp, ticketEmails, ticketPayload, type TicketsTestApp } from '../support/tickets-app';

describe('tickets: two replicas on one database send each ticket email once (claims, not conditional updates)', () => {
  let a: TicketsTestApp;
  let b: RunningApp;

  beforeAll(async () => {
    const db = uniqueName('tickets_replicas');
    a = await startTicketsApp({ MONGODB_DB: db, TICKET_MAIL_POLL_INTERVAL_MS: '50' });
    b = await startApp(ticketsService, {
      MONGODB_DB: db,
      SEND_TICKET_TOPIC: a.topic,
      KAFKA_GROUP_ID: uniqueName('tickets'),
      TICKET_MAIL_POLL_INTERVAL_MS: '50',
    });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('15 tickets issued at once, both workers polling every 50 ms → 15 emails, one each', async () => {
    const issueA = a.app.app.get(IssueTicketUseCase);
    const issueB = b.app.get(IssueTicketUseCase);
    const payloads = Array.from({ length: 15 }, () => ticketPayload());
    await Promise.all(
      payloads.map((p, i) => (i % 2 ? issueA : issueB).execute(p as SendTicket, randomUUID())),
    );
    const emails = payloads.map((p) => p.email as string);
    await eventually(
      () => a.tickets.countDocuments({ email: { $in: emails }, 'mail.status': 'SENT' }),
      (n) => n === 15,
      { timeoutMs: 60_000 },
    );
    await new Promise((r) => setTimeout(r, 2000));
    const counts = await Promise.all(emails.map(async (e) => (await ticketEmails(e)).length));
    expect(counts).toEqual(emails.map(() => 1));
  });
});
