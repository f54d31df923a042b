import { randomUUID } from 'node:crypto';
import type { MongoMessageContext } from '@event-tickets/service-kit';
import { eventually } from '@event-tickets/testing';
import { TicketMailWorker } from '../../src/delivery/ticket-mail.worker';
import { TicketMailStore } from '../../src/store/ticket-mail.store';
import type { NewTicket } from '../../src/store/ticket.record';
import { TicketsRepository } from '../../src/store/tickets.repository';
import type { SendTicket } from '../../src/tickets/issue-ticket.use-case';
import { SendTicketConsumer } from '../../src/tickets/send-ticket.consumer';
import { startTicketsApp, ticketEmails, ticketPayload, type TicketsTestApp } from '../support/tickets-app';

const LEASE_MS = 3000; // send timeout 2 s: sent from memory when started within 0.5 s of the insert

const item = (payload: Record<string, unknown>, messageId = randomUUID()) => ({
  payload: payload as SendTicket,
  context: { messageId, idempotencyKey: `tickets:${messageId}` } as MongoMessageContext,
});

const newTicket = (): NewTicket => ({
  ...(ticketPayload() as Omit<NewTicket, 'purchaseKey' | 'passport' | 'eventDate'>),
  eventDate: undefined,
  purchaseKey: `payment:${randomUUID()}`,
  passport: randomUUID(),
});

describe('tickets: a SEND_TICKET batch in one insert; first sends leased at insert (Mongo-wire, SMTP)', () => {
  let t: TicketsTestApp;

  beforeAll(async () => {
    t = await startTicketsApp({
      TICKET_MAIL_LEASE_MS: String(LEASE_MS),
      TICKET_MAIL_POLL_INTERVAL_MS: '100',
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  const claimsOf = (ids: string[]) =>
    t.tickets.db
      .collection<{ _id: string }>('mail_claims')
      .find({ _id: { $regex: `^(${ids.join('|')}):` } })
      .toArray();
  const allSent = (emails: string[]) =>
    eventually(
      () => t.tickets.find({ email: { $in: emails } }).lean(),
      (docs) => docs.length === emails.length && docs.every((d) => d.mail.status === 'SENT'),
      { timeoutMs: 60_000 },
    );

  it('a batch with duplicates → one insert, a ticket per purchase, an email each; its redelivery changes nothing', async () => {
    const consumer = t.app.app.get(SendTicketConsumer);
    const insertMany = jest.spyOn(t.tickets, 'insertMany');
    const create = jest.spyOn(t.tickets, 'create');
    const earlier = ticketPayload();
    await consumer.handle(earlier as SendTicket, item(earlier).context);
    const fresh = Array.from({ length: 6 }, () => ticketPayload());
    const batch = [
      ...fresh.map((p) => item(p)),
      item({ ...fresh[0], name: 'Same payment, another message' }), // a duplicate within the batch
      item(earlier), // a purchase issued before the batch
    ];
    insertMany.mockClear();
    await consumer.handleBatch(batch);
    expect(insertMany).toHaveBeenCalledTimes(1);
    expect(create).not.toHaveBeenCalled();

    const emails = [earlier, ...fresh].map((p) => p.email as string);
    const docs = await allSent(emails);
    expect(docs).toHaveLength(7);
    expect(docs.find((d) => d.email === fresh[0]!.email)!.name).toBe('Ana');

    await consumer.handleBatch(batch); // redelivered: every purchase has its ticket
    expect(insertMany).toHaveBeenCalledTimes(2);
    await t.app.app.get(TicketMailWorker).whenIdle();
    await new Promise((r) => setTimeout(r, 1000));
    expect(await t.tickets.countDocuments({ email: { $in: emails } })).toBe(7);
    const inboxes = await Promise.all(emails.map((e) => ticketEmails(e)));
    expect(inboxes.map((m) => m.length)).toEqual(emails.map(() => 1));
    insertMany.mockRestore();
    create.mockRestore();
  });

  it('tickets the worker can start at once are sent from memory without a claim; the rest are claimed', async () => {
    const consumer = t.app.app.get(SendTicketConsumer);
    const payloads = Array.from({ length: 8 }, () => ticketPayload()); // 5 send slots
    await consumer.handleBatch(payloads.map((p) => item(p)));
    const emails = payloads.map((p) => p.email as string);
    const docs = await allSent(emails);
    const claims = await claimsOf(docs.map((d) => String(d._id)));
    expect(claims).toHaveLength(3);
    expect(docs.every((d) => d.mail.leasedUntil === undefined && d.mail.attempts === 0)).toBe(true);
    const inboxes = await Promise.all(emails.map((e) => ticketEmails(e)));
    expect(inboxes.map((m) => m.length)).toEqual(emails.map(() => 1));
  });

  it('a leased ticket whose in-memory send could not start in time is sent by the poll after the lease, once', async () => {
    const repository = t.app.app.get(TicketsRepository);
    const worker = t.app.app.get(TicketMailWorker);
    const [late, orphan] = (await repository.insertMany([newTicket(), newTicket()], new Date(), {
      leaseMs: LEASE_MS,
      first: 2,
    })) as [NonNullable<Awaited<ReturnType<TicketsRepository['insert']>>>, never];
    // `orphan` is never handed over (its worker died after the insert); `late` is handed over past
    // the time its send could still end well inside the lease (nor renew it).
    await new Promise((r) => setTimeout(r, LEASE_MS - 500));
    const ids = [late.id, (orphan as { id: string }).id];
    const before = await t.tickets.find({ _id: { $in: ids } }).lean();
    expect(before.map((d) => d.mail.status)).toEqual(['PENDING', 'PENDING']); // no poll took them
    worker.send(late); // not sent from memory: nothing is written, nothing sent before the lease ends
    await new Promise((r) => setTimeout(r, 100));
    expect(await ticketEmails(late.email)).toHaveLength(0);

    const docs = await allSent([late.email, (orphan as { email: string }).email]);
    // Taken over: moved to the next epoch, then claimed as usual.
    expect(docs.map((d) => d.mail.leaseEpoch)).toEqual([1, 1]);
    expect((await claimsOf(ids)).map((c) => c._id).sort()).toEqual(ids.map((id) => `${id}:0:0:1`).sort());
    await new Promise((r) => setTimeout(r, 1000));
    expect(await ticketEmails(late.email)).toHaveLength(1);
    expect(await ticketEmails((orphan as { email: string }).email)).toHaveLength(1);
  });

  it('the lease at insert: kept by its worker, renewed once when late, taken over only after it; a taken-over lease records nothing', async () => {
    await t.app.app.get(TicketMailWorker).onModuleDestroy(); // this test is the only claimer
    const store = t.app.app.get(TicketMailStore);
    const repository = t.app.app.get(TicketsRepository);
    const leased = async (leaseMs: number) =>
      (await repository.insertMany([newTicket()], new Date(), { leaseMs, first: 1 }))[0]!;

    const fresh = await leased(60_000);
    const own = await store.claim(fresh, 60_000, 40_000);
    expect(own).toMatchObject({ id: fresh.id, token: `${fresh.id}:0:0:0` });
    expect(await claimsOf([fresh.id])).toHaveLength(0); // no round trip
    expect(await store.claim(fresh, 60_000)).toBeUndefined(); // anyone else: not before the lease ends
    expect(await store.recordSent(own!)).toBe(true);
    expect((await t.tickets.findById(fresh.id).lean())!.mail.leasedUntil).toBeUndefined();

    // Lease 3 s, send timeout 1 s: skew room 1 s, so sent as is when started within 1 s of the
    // insert, renewed when started before 2 s, left to the polls after that.
    const slow = await leased(3000);
    await new Promise((r) => setTimeout(r, 1300));
    const renewed = await store.claim(slow, 3000, 1000);
    expect(renewed!.email.mail.leasedUntil!.getTime()).toBeGreaterThan(slow.mail.leasedUntil!.getTime());
    const stored = (await t.tickets.findById(slow.id).lean())!;
    expect(stored.mail.nextAttemptAt).toEqual(renewed!.email.mail.leasedUntil);
    expect(await claimsOf([slow.id])).toHaveLength(0);

    const stalled = await leased(3000);
    await new Promise((r) => setTimeout(r, 2200));
    expect(await store.claim(stalled, 3000, 1000)).toBeUndefined(); // its own worker, too late
    expect(await store.claimDue(1, 60_000, new Set([slow.id]))).toEqual([]); // not due yet
    await new Promise((r) => setTimeout(r, 900));
    const [taken] = await store.claimDue(1, 60_000, new Set([slow.id]));
    expect(taken).toMatchObject({ id: stalled.id, token: `${stalled.id}:0:0:1` });
    const inserter = { id: stalled.id, token: `${stalled.id}:0:0:0`, attempts: 0, email: stalled };
    expect(await store.recordSent(inserter)).toBe(false);
    expect(await store.recordSent(taken!)).toBe(true);
  });
});
