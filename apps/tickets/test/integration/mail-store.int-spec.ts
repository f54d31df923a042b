import { randomUUID } from 'node:crypto';
import { TicketMailWorker } from '../../src/delivery/ticket-mail.worker';
import { TicketMailStore } from '../../src/store/ticket-mail.store';
import { TicketsRepository } from '../../src/store/tickets.repository';
import { startTicketsApp, ticketPayload, type TicketsTestApp } from '../support/tickets-app';

describe('tickets: the email claims on the Mongo-wire server (one claim per attempt, lease epochs, records under the claim)', () => {
  let t: TicketsTestApp;

  beforeAll(async () => {
    t = await startTicketsApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a claim is won once, taken over only after its lease, and the old claim can no longer record', async () => {
    const store = t.app.app.get(TicketMailStore);
    const payload = {
      ...(ticketPayload() as Omit<Parameters<TicketsRepository['insert']>[0], 'purchaseKey' | 'passport'>),
      purchaseKey: `payment:${randomUUID()}`,
      passport: randomUUID(),
    };
    // Due far in the future: the app's own worker leaves it alone.
    const ticket = (await t.app.app
      .get(TicketsRepository)
      .insert(payload, new Date(Date.now() + 3_600_000)))!;

    const first = await store.claim(ticket, 60_000);
    expect(first).toMatchObject({ id: ticket.id, attempts: 0 });
    expect(await store.claim(ticket, 60_000)).toBeUndefined(); // another worker has it, within its lease
    expect((await t.tickets.findById(ticket.id).lean())!.mail.leaseEpoch).toBe(0);

    await new Promise((r) => setTimeout(r, 20));
    expect(await store.claim(ticket, 10)).toBeUndefined(); // its lease ran out: taken over (next epoch)
    const moved = (await t.tickets.findById(ticket.id).lean())!;
    expect(moved.mail.leaseEpoch).toBe(1);

    const second = await store.claim({ ...ticket, mail: { ...ticket.mail, leaseEpoch: 1 } }, 60_000);
    expect(second).toBeDefined();
    expect(second!.token).not.toBe(first!.token);

    expect(await store.recordSent(first!)).toBe(false); // the stalled worker records nothing
    expect((await t.tickets.findById(ticket.id).lean())!.mail.status).toBe('PENDING');
    expect(await store.recordFailed(first!, 'late', 1000)).toBe(false);
    expect(await store.recordSent(second!)).toBe(true);
    const sent = (await t.tickets.findById(ticket.id).lean())!;
    expect(sent).toMatchObject({ mailPending: false, mail: { status: 'SENT', attempts: 0 } });
  });

  it('a poll reads past the emails in flight here and those claimed by others, oldest first', async () => {
    await t.app.app.get(TicketMailWorker).onModuleDestroy(); // this test is the only claimer
    const store = t.app.app.get(TicketMailStore);
    const repository = t.app.app.get(TicketsRepository);
    const issue = (at: number) =>
      repository.insert(
        {
          ...(ticketPayload() as Omit<
            Parameters<TicketsRepository['insert']>[0],
            'purchaseKey' | 'passport'
          >),
          purchaseKey: `payment:${randomUUID()}`,
          passport: randomUUID(),
        },
        new Date(Date.now() - 60_000 + at),
      );
    const [a, b, c] = [(await issue(1))!, (await issue(2))!, (await issue(3))!];
    const ids = (claims: { id: string }[]) => claims.map((x) => x.id);

    expect(ids(await store.claimDue(1, 60_000, new Set([a.id])))).toEqual([b.id]);
    expect(ids(await store.claimDue(2, 60_000, new Set()))).toEqual([a.id, c.id]);
    expect(await store.claimDue(2, 60_000, new Set())).toEqual([]);
  });
});
