import { randomUUID } from 'node:crypto';
import { eventually } from '@event-tickets/testing';
import { TicketsRepository } from '../../src/store/tickets.repository';
import { IssueTicketUseCase, type SendTicket } from '../../src/tickets/issue-ticket.use-case';
import {
  qrTextsOf,
  sendTicket,
  startTicketsApp,
  ticketEmails,
  ticketPayload,
  type TicketJson,
  type TicketsTestApp,
  tokenFor,
  UUID_V4,
} from '../support/tickets-app';

describe('tickets: an order of several tickets → one ticket per seat, one email (Kafka, Mongo-wire, SMTP)', () => {
  let t: TicketsTestApp;

  beforeAll(async () => {
    t = await startTicketsApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const allSent = (email: string, n: number) =>
    eventually(
      () => t.tickets.find({ email }).sort({ seat: 1 }).lean(),
      (docs) => docs.length >= n && docs.every((d) => d.mail.status === 'SENT'),
      { timeoutMs: 60_000 },
    );
  const emailsTo = (email: string, n = 1) =>
    eventually(
      () => ticketEmails(email),
      (mails) => mails.length >= n,
      { timeoutMs: 60_000 },
    );

  it('quantity 3 → 3 tickets (seats 1..3, seat 1 keeps the purchase key), one email with the 3 QR codes', async () => {
    const payload = ticketPayload({
      quantity: 3,
      ticketTypeId: '7',
      ticketTypeName: 'VIP',
      userId: 'user-o',
    });
    const email = payload.email as string;
    await sendTicket(t.topic, payload);

    const docs = await allSent(email, 3);
    expect(docs).toHaveLength(3);
    expect(docs.map((d) => [d.seat, d.quantity, d.purchaseKey])).toEqual([
      [1, 3, `payment:${payload.paymentId}`],
      [2, 3, `payment:${payload.paymentId}:seat:2`],
      [3, 3, `payment:${payload.paymentId}:seat:3`],
    ]);
    for (const d of docs) {
      expect(d.passport).toMatch(UUID_V4);
      expect(d).toMatchObject({ paymentId: payload.paymentId, ticketTypeId: '7', ticketTypeName: 'VIP' });
    }
    const passports = docs.map((d) => d.passport);
    expect(new Set(passports).size).toBe(3);

    await emailsTo(email);
    await new Promise((r) => setTimeout(r, 1500));
    const mails = await ticketEmails(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.Subject).toBe('Your tickets are here =)');
    for (const p of passports) expect(mails[0]!.HTML).toContain(`<p class="ticket">${p}</p>`);
    expect(await qrTextsOf(mails[0]!)).toEqual(passports);

    const owner = await tokenFor(email, 'PUBLIC', 'user-o');
    const read = await t.call<TicketJson>('GET', `/tickets/${passports[1]}`, owner);
    expect(read.body).toMatchObject({
      passport: passports[1],
      seat: 2,
      quantity: 3,
      ticketTypeId: '7',
      ticketTypeName: 'VIP',
      paymentId: payload.paymentId,
      status: 'VALID',
      voidedAt: null,
      mailStatus: 'SENT',
    });
  });

  it('redelivered, and redelivered racing the first delivery → still 3 tickets and one email', async () => {
    const payload = ticketPayload({ quantity: 3 });
    const email = payload.email as string;
    const messageId = randomUUID();
    const issue = t.app.app.get(IssueTicketUseCase);
    // Two consumers at once (a rebalance), then Kafka redeliveries.
    const outcomes = await Promise.all([
      issue.execute(payload as SendTicket, messageId),
      issue.execute(payload as SendTicket, messageId),
    ]);
    expect(outcomes.filter((o) => o.issued).reduce((n, o) => n + (o.issued ? o.count : 0), 0)).toBe(3);
    for (let i = 0; i < 3; i += 1) await sendTicket(t.topic, payload, messageId);
    const marker = ticketPayload({ email, eventId: 'marker' });
    await sendTicket(t.topic, marker);

    await eventually(
      () => t.tickets.find({ email }).lean(),
      (docs) => docs.some((d) => d.eventId === 'marker') && docs.every((d) => d.mail.status === 'SENT'),
      { timeoutMs: 60_000 },
    );
    expect(await t.tickets.countDocuments({ email, eventId: '42' })).toBe(3);
    await emailsTo(email, 2);
    await new Promise((r) => setTimeout(r, 1500));
    const mails = await ticketEmails(email);
    expect(mails).toHaveLength(2); // the order's one email and the marker's
    expect(mails.filter((m) => m.Subject === 'Your tickets are here =)')).toHaveLength(1);
  });

  it('an order half issued (a crash after seat 1) is completed by the redelivery, then emailed whole', async () => {
    const payload = ticketPayload({ quantity: 2 });
    const email = payload.email as string;
    const messageId = randomUUID();
    // Seat 1 alone, as a crash between the inserts would leave it: its email waits for seat 2.
    await t.app.app.get(TicketsRepository).insertMany(
      [
        {
          purchaseKey: `payment:${payload.paymentId}`,
          passport: randomUUID(),
          email,
          name: 'Ana',
          eventId: '42',
          eventName: 'Rock in Rio',
          eventDescription: 'Music festival',
          eventImageUrl: 'https://img.example.com/rir.png',
          language: 'en',
          paymentId: payload.paymentId as string,
          seat: 1,
          quantity: 2,
        },
      ],
      new Date(),
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(await ticketEmails(email)).toHaveLength(0);

    await sendTicket(t.topic, payload, messageId);
    const docs = await allSent(email, 2);
    expect(docs.map((d) => d.seat)).toEqual([1, 2]);
    const mails = await emailsTo(email);
    expect(await qrTextsOf(mails[0]!)).toEqual(docs.map((d) => d.passport));
  });
});
