import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { sleep } from '@event-tickets/service-kit';
import { eventually, mailTo, mongoSnapshot, uniqueName } from '@event-tickets/testing';
import {
  type ErrorJson,
  issueTicket,
  qrTextOf,
  startTicketsApp,
  type TicketJson,
  type TicketsTestApp,
  ticketEmails,
  tokenFor,
  uniqueEmail,
} from '../support/tickets-app';

/** A ticket as the original wrote it: its five fields and `__v`, nothing else. */
const originalTicket = (email: string, eventId: string, at: Date) => ({
  _id: new mongoose.Types.ObjectId(),
  email,
  eventId,
  passport: randomUUID(),
  createdAt: at,
  updatedAt: at,
  __v: 0,
});

describe("tickets over the original's tickets collection (Mongo-wire server)", () => {
  const dbName = uniqueName('tickets_original');
  const buyer = uniqueEmail('old_buyer');
  const other = uniqueEmail('old_other');
  const at = new Date('2024-05-01T12:00:00Z');
  const seeded = [
    originalTicket(buyer, '7', at),
    originalTicket(buyer.toUpperCase(), '8', new Date(at.getTime() + 60_000)),
    originalTicket(other, '7', at),
  ];
  let connection: mongoose.Connection;
  let t: TicketsTestApp;
  let admin: string;
  let afterFirst: Awaited<ReturnType<typeof mongoSnapshot>>;
  let afterSecond: Awaited<ReturnType<typeof mongoSnapshot>>;

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(process.env.MONGODB_URL!, { dbName, retryWrites: false })
      .asPromise();
    await connection.collection('tickets').insertMany(seeded);
    const first = await startTicketsApp({ MONGODB_DB: dbName });
    afterFirst = await mongoSnapshot(connection);
    await first.app.close();
    t = await startTicketsApp({ MONGODB_DB: dbName });
    afterSecond = await mongoSnapshot(connection);
    admin = await tokenFor('admin@example.com', 'ADMIN');
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await connection?.close();
  });

  it('keeps every field the original wrote, and gives each ticket what reading it needs', () => {
    const stored = afterFirst.tickets!.documents;
    expect(stored).toHaveLength(seeded.length);
    for (const ticket of seeded) {
      const doc = stored.find((d) => String(d._id) === String(ticket._id))!;
      expect(doc).toMatchObject(ticket);
      expect(doc).toMatchObject({
        purchaseKey: `legacy:${String(ticket._id)}`,
        emailKey: ticket.email.toLowerCase(),
        checkedInAt: null,
        mailPending: false,
        mail: { status: 'SENT', round: 0 },
      });
    }
    expect(afterFirst.tickets!.indexes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: { purchaseKey: 1 }, unique: true }),
        expect.objectContaining({ key: { passport: 1 }, unique: true }),
      ]),
    );
  });

  it('a second start changes nothing', () => {
    expect(afterSecond).toEqual(afterFirst);
  });

  it('reads an old ticket by its passport, and lists the old tickets of a buyer by email in any case (admins)', async () => {
    const one = await t.call<TicketJson>('GET', `/tickets/${seeded[0]!.passport}`, admin);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      passport: seeded[0]!.passport,
      email: buyer,
      eventId: '7',
      createdAt: at.toISOString(),
      checkedInAt: null,
      status: 'VALID',
      seat: 1,
      quantity: 1,
      paymentId: null,
      mailStatus: 'SENT',
    });
    const list = await t.call<TicketJson[]>('GET', `/tickets?email=${encodeURIComponent(buyer)}`, admin);
    expect(list.status).toBe(200);
    expect(list.body.map((x) => x.passport)).toEqual([seeded[1]!.passport, seeded[0]!.passport]);
    expect(list.headers.get('x-total-count')).toBe('2');
  });

  it('an old ticket has no account: the token of its buyer neither reads nor lists it', async () => {
    const buyerToken = await tokenFor(buyer, 'PUBLIC');
    const read = await t.call<ErrorJson>('GET', `/tickets/${seeded[0]!.passport}`, buyerToken);
    expect(read.status).toBe(403);
    const list = await t.call<TicketJson[]>('GET', `/tickets?email=${encodeURIComponent(buyer)}`, buyerToken);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([]);
  });

  it('checks an old ticket in at the door once', async () => {
    const staff = await tokenFor('door@example.com', 'STAFF');
    const first = await t.call<TicketJson>('POST', `/tickets/${seeded[2]!.passport}/check-in`, staff);
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('CHECKED_IN');
    const again = await t.call<ErrorJson>('POST', `/tickets/${seeded[2]!.passport}/check-in`, staff);
    expect(again.status).toBe(409);
    expect(again.body.details).toEqual({ checkedInAt: first.body.checkedInAt });
  });

  it('a ticket the original writes while both run reads and checks in before the next start', async () => {
    const late = originalTicket(other, '10', new Date());
    await connection.collection('tickets').insertOne(late);
    const read = await t.call<TicketJson>('GET', `/tickets/${late.passport}`, admin);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ passport: late.passport, status: 'VALID', mailStatus: 'SENT' });
    const checkIn = await t.call<TicketJson>('POST', `/tickets/${late.passport}/check-in`, admin);
    expect(checkIn.status).toBe(200);
  });

  it('sends no email for an old ticket, and issues new ones beside them', async () => {
    await issueTicket(t, { email: buyer, eventId: '9' });
    const list = await t.call<TicketJson[]>('GET', `/tickets?email=${encodeURIComponent(buyer)}`, admin);
    expect(list.body).toHaveLength(3);
    await sleep(1500);
    const mails = await mailTo(other);
    expect(mails).toEqual([]);
  });

  it('an admin resends an old ticket: its buyer gets it, with its passport as QR code', async () => {
    const res = await t.call<TicketJson>('POST', `/tickets/${seeded[0]!.passport}/resend`, admin);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ passport: seeded[0]!.passport, mailStatus: 'PENDING' });
    // The buyer also got the email of the ticket issued beside the old ones: look for this one.
    await eventually(
      async () => Promise.all((await ticketEmails(buyer)).map(qrTextOf)),
      (passports) => passports.includes(seeded[0]!.passport),
      { timeoutMs: 60_000 },
    );
  });
});
