import { randomUUID } from 'node:crypto';
import {
  eventually,
  mailTo,
  type RunningApp,
  type SmtpProxy,
  smtpProxy,
  startApp,
  uniqueName,
} from '@event-tickets/testing';
import { IssueTicketUseCase, type SendTicket } from '../../src/tickets/issue-ticket.use-case';
import { ticketsService } from '../../src/tickets.service-definition';
import { startTicketsApp, ticketPayload, type TicketsTestApp } from '../support/tickets-app';

/**
 * Two tickets instances share the database and an SMTP server that takes 8 s per message. Every
 * ticket is issued on one instance, which sends five at a time (its send slots): those five are
 * inserted leased to it and sent without a claim, the others stay in the database, unclaimed, where
 * the second instance's poll claims them. Each email is sent once.
 */
describe('tickets: two instances, SMTP taking 8 s per message → every ticket email once', () => {
  let smtp: SmtpProxy;
  let a: TicketsTestApp;
  let b: RunningApp;

  beforeAll(async () => {
    smtp = await smtpProxy({ delayMs: 8000 });
    const db = uniqueName('tickets_slow_smtp');
    a = await startTicketsApp({ MONGODB_DB: db, MAIL_PORT: String(smtp.port) });
    b = await startApp(ticketsService, {
      MONGODB_DB: db,
      SEND_TICKET_TOPIC: a.topic,
      KAFKA_GROUP_ID: uniqueName('tickets'),
      TICKET_MAIL_POLL_INTERVAL_MS: '250',
      MAIL_PORT: String(smtp.port),
    });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await smtp?.close();
  });

  it('10 tickets issued on one instance → 10 emails, one each, sent by both instances', async () => {
    const issue = a.app.app.get(IssueTicketUseCase);
    const payloads = Array.from({ length: 10 }, () => ticketPayload());
    const before = smtp.transactions;
    const outcomes = await Promise.all(payloads.map((p) => issue.execute(p as SendTicket, randomUUID())));
    const ids = outcomes.map((o) => (o as { ticketId: string }).ticketId);
    const emails = payloads.map((p) => p.email as string);

    const sent = await eventually(
      () => a.tickets.find({ _id: { $in: ids }, 'mail.status': 'SENT' }).lean(),
      (docs) => docs.length === 10,
      { timeoutMs: 90_000 },
    );
    // One attempt each (no failure recorded), and no send of them still at the server.
    expect(sent.map((d) => d.mail.attempts)).toEqual(sent.map(() => 0));
    expect(smtp.holding).toBe(0);
    expect(smtp.transactions - before).toBe(10);
    const inboxes = await Promise.all(emails.map((e) => mailTo(e)));
    expect(inboxes.map((m) => m.length)).toEqual(emails.map(() => 1));

    // The database is the queue: what did not fit in the first instance's send slots was claimed by
    // the second one from the database (its claims name the worker that won them); the five that
    // fit were inserted leased to the first one, which sent them without writing a claim.
    const claims = await a.tickets.db
      .collection<{ _id: string; worker: string }>('mail_claims')
      .find({ _id: { $regex: `^(${ids.join('|')}):` } })
      .toArray();
    expect(claims).toHaveLength(5);
    expect(claims.every((c) => c._id.endsWith(':0:0:0'))).toBe(true);
    expect(new Set(claims.map((c) => c.worker)).size).toBe(1);
  }, 120_000);
});
