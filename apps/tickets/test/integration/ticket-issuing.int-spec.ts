import { randomUUID } from 'node:crypto';
import { eventually, produce, readTopic } from '@event-tickets/testing';
import { TicketMailWorker } from '../../src/delivery/ticket-mail.worker';
import { MAIL_PENDING_BACKFILL, MIGRATIONS, TicketMailStore } from '../../src/store/ticket-mail.store';
import { IssueTicketUseCase } from '../../src/tickets/issue-ticket.use-case';
import {
  qrTextOf,
  sendTicket,
  startTicketsApp,
  ticketEmails,
  ticketPayload,
  type TicketsTestApp,
  uniqueEmail,
  UUID_V4,
} from '../support/tickets-app';

describe('tickets: SEND_TICKET → exactly one ticket and one email per purchase (Kafka, Mongo-wire, SMTP)', () => {
  let t: TicketsTestApp;

  beforeAll(async () => {
    t = await startTicketsApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const sentTicket = (email: string) =>
    eventually(
      () => t.tickets.find({ email }).lean(),
      (docs) => docs.length > 0 && docs.every((d) => d.mail.status === 'SENT'),
      { timeoutMs: 60_000 },
    );
  const emailsTo = (email: string, n = 1) =>
    eventually(
      () => ticketEmails(email),
      (mails) => mails.length >= n,
      { timeoutMs: 60_000 },
    );

  it('a message → one ticket with a random UUID v4 passport and one email whose QR code is the passport', async () => {
    const payload = ticketPayload({
      name: 'Ana <b>Bold</b>',
      language: 'pt-BR',
      eventDate: '2030-09-25T20:00:00.000Z',
      userId: 'user-ana',
    });
    const email = payload.email as string;
    await sendTicket(t.topic, payload);

    const [ticket] = await sentTicket(email);
    expect(ticket).toMatchObject({
      email,
      eventId: '42',
      name: 'Ana <b>Bold</b>',
      purchaseKey: `payment:${payload.paymentId}`,
      paymentId: payload.paymentId,
      userId: 'user-ana',
      checkedInAt: null,
      mail: { status: 'SENT', attempts: 0 },
    });
    expect(ticket!.passport).toMatch(UUID_V4);
    expect(ticket!.eventDate?.toISOString()).toBe('2030-09-25T20:00:00.000Z');

    const mails = await emailsTo(email);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.Subject).toBe('Seu ticket chegou =)');
    expect(mail.HTML).toContain('<h3>Rock in Rio</h3>');
    expect(mail.HTML).toContain('<p>Ana &lt;b&gt;Bold&lt;/b&gt; aqui está seu ticket:</p>');
    expect(mail.HTML).toContain(`<p class="ticket">${ticket!.passport}</p>`);
    expect(mail.HTML).toContain('Data: quarta-feira, 25 de setembro de 2030');
    expect(mail.Text).toContain(ticket!.passport);
    expect(mail.Text).toContain('Ana <b>Bold</b> aqui está seu ticket:');
    expect(await qrTextOf(mail)).toBe(ticket!.passport);
  });

  it('the same message five times → one ticket, one email', async () => {
    const payload = ticketPayload();
    const email = payload.email as string;
    const messageId = randomUUID();
    for (let i = 0; i < 5; i += 1) await sendTicket(t.topic, payload, messageId);
    // A later message to the same buyer proves the five were all consumed before we count.
    const marker = ticketPayload({ email, eventId: 'marker' });
    await sendTicket(t.topic, marker);

    await eventually(
      () => t.tickets.find({ email }).lean(),
      (docs) => docs.some((d) => d.eventId === 'marker') && docs.every((d) => d.mail.status === 'SENT'),
      { timeoutMs: 60_000 },
    );
    const docs = await t.tickets.find({ email, eventId: '42' }).lean();
    expect(docs).toHaveLength(1);
    await emailsTo(email, 2);
    await new Promise((r) => setTimeout(r, 1500));
    const mails = await ticketEmails(email);
    expect(mails).toHaveLength(2); // the purchase's ticket and the marker's
    expect(mails.filter((m) => m.HTML.includes(docs[0]!.passport))).toHaveLength(1);
  });

  it('the same payment in different messages → still one ticket', async () => {
    const payload = ticketPayload();
    await sendTicket(t.topic, payload);
    await sendTicket(t.topic, { ...payload, name: 'Ana again' });
    const marker = ticketPayload({ email: payload.email, paymentId: randomUUID(), eventId: 'marker' });
    await sendTicket(t.topic, marker);
    await eventually(
      () => t.tickets.countDocuments({ email: payload.email, eventId: 'marker' }),
      (n) => n === 1,
      { timeoutMs: 60_000 },
    );
    const docs = await t.tickets.find({ email: payload.email, eventId: '42' }).lean();
    expect(docs).toHaveLength(1);
    expect(docs[0]!.name).toBe('Ana');
  });

  it('a message in the exact original format (no paymentId, no message-id header) → one ticket, redelivery included', async () => {
    const email = uniqueEmail('original');
    const original = {
      name: 'Ana',
      email,
      eventId: '42',
      eventName: 'Rock in Rio',
      eventDescription: 'Music festival',
      eventImageUrl: 'https://img.example.com/rir.png',
      language: 'en',
    };
    const key = randomUUID(); // the Go producers' random UUID key, no headers
    await produce(t.topic, [{ key, value: JSON.stringify(original) }]);
    await produce(t.topic, [{ key, value: JSON.stringify(original) }]);
    const [ticket] = await sentTicket(email);
    expect(ticket).toMatchObject({ purchaseKey: `message:${key}`, mail: { status: 'SENT' } });
    expect(ticket!.paymentId).toBeUndefined();
    expect(ticket!.userId).toBeUndefined(); // no owning account: admins only
    expect(ticket!.passport).toMatch(UUID_V4);

    const mails = await emailsTo(email);
    expect(mails[0]!.Subject).toBe('Your ticket is here =)');
    expect(mails[0]!.HTML).toContain('<p>Ana here is your passport:</p>');
    expect(mails[0]!.HTML).not.toContain('Date:');
    expect(await qrTextOf(mails[0]!)).toBe(ticket!.passport);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await t.tickets.countDocuments({ email })).toBe(1);
    expect(await ticketEmails(email)).toHaveLength(1);
  });

  it('concurrent deliveries of one purchase (20 at once) → one ticket: the unique index decides', async () => {
    const issue = t.app.app.get(IssueTicketUseCase);
    const payload = ticketPayload();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => issue.execute(payload as never, randomUUID())),
    );
    expect(outcomes.filter((o) => o.issued)).toHaveLength(1);
    expect(await t.tickets.countDocuments({ email: payload.email })).toBe(1);
    await sentTicket(payload.email as string);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await ticketEmails(payload.email as string)).toHaveLength(1);
  });

  it('an invalid message → the DLQ with the reason; the consumer goes on', async () => {
    const email = uniqueEmail('invalid');
    const bad = await sendTicket(t.topic, { name: 'No email', eventId: '42', language: 'en' });
    const notJson = randomUUID();
    await produce(t.topic, [{ key: notJson, value: '{not json', headers: { 'message-id': notJson } }]);
    const next = ticketPayload({ email });
    await sendTicket(t.topic, next);

    const dead = await readTopic(`${t.topic}.DLQ`, (ms) => ms.length >= 2, 60_000);
    const reasons = Object.fromEntries(dead.map((m) => [m.headers['message-id'], m.headers['dlq-reason']]));
    expect(reasons[bad]).toMatch(/email/);
    expect(reasons[notJson]).toBe('payload is not valid JSON');
    await sentTicket(email);
    expect(await t.tickets.countDocuments({ name: 'No email' })).toBe(0);
  });

  it('a ticket stored before the top-level mailPending flag existed still gets its email after an upgrade', async () => {
    const email = uniqueEmail('legacy');
    const now = new Date();
    // As an older version wrote it: the mail state only under `mail`.
    await t.tickets.collection.insertOne({
      purchaseKey: `payment:${randomUUID()}`,
      passport: randomUUID(),
      email,
      emailKey: email,
      name: 'Legacy',
      eventId: '42',
      eventName: 'Legacy Fest',
      eventDescription: '',
      eventImageUrl: '',
      language: 'en',
      checkedInAt: null,
      mail: { status: 'PENDING', attempts: 0, nextAttemptAt: now, round: 0, leaseEpoch: 0 },
      createdAt: now,
      updatedAt: now,
    } as never);
    // What the first start of the new version on this database runs (this app already ran it once).
    await t.tickets.db.collection(MIGRATIONS).deleteOne({ _id: MAIL_PENDING_BACKFILL as never });
    await t.app.app.get(TicketMailStore).onModuleInit();
    expect(
      await t.tickets.db.collection(MIGRATIONS).findOne({ _id: MAIL_PENDING_BACKFILL as never }),
    ).toBeTruthy();
    t.app.app.get(TicketMailWorker).kick();
    const [ticket] = await sentTicket(email);
    expect(ticket).toMatchObject({ mailPending: false, mail: { status: 'SENT' } });
    expect(await emailsTo(email)).toHaveLength(1);
  });
});
