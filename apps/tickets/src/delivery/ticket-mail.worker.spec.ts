import { Logger } from '@nestjs/common';
import {
  type AppConfig,
  type ClaimedEmail,
  claimId,
  type MailMessage,
  type MailStore,
  type MailTransport,
} from '@event-tickets/service-kit';
import type { TicketsEnv } from '../config/tickets.env';
import type { TicketMailStore } from '../store/ticket-mail.store';
import type { TicketRecord } from '../store/ticket.record';
import { QR_CID, seatQrCid } from './ticket-email';
import { TicketMailWorker } from './ticket-mail.worker';

const ticket = (mail: Partial<TicketRecord['mail']> = {}): TicketRecord => ({
  id: 't1',
  purchaseKey: 'payment:p1',
  passport: '3f1c8a52-7d0e-4d5b-9b1e-2a6f0c9d8e71',
  email: 'ana@example.com',
  name: 'Ana',
  eventId: '42',
  eventName: 'Rock in Rio',
  eventDescription: 'Music festival',
  eventImageUrl: 'https://img.example.com/rir.png',
  language: 'en',
  checkedInAt: null,
  createdAt: new Date(),
  updatedAt: new Date(),
  mail: { status: 'PENDING', attempts: 0, nextAttemptAt: new Date(0), round: 0, leaseEpoch: 0, ...mail },
});

/** An in-memory store with the MongoDB store's claim rule: one insert per claim id, records under it. */
class FakeStore implements MailStore<TicketRecord> {
  claims = new Map<string, Date>();
  sent: string[] = [];
  failed: { id: string; error: string; next: Date }[] = [];
  failWrites = 0;
  polls = 0;
  constructor(public tickets: TicketRecord[]) {}
  async claimDue(limit: number, _leaseMs: number, busy: ReadonlySet<string>) {
    this.polls += 1;
    const due = this.tickets
      .filter((t) => t.mail.status === 'PENDING' && t.mail.nextAttemptAt <= new Date() && !busy.has(t.id))
      .slice(0, limit);
    const claimed = await Promise.all(due.map((t) => this.claim(t)));
    return claimed.filter((c): c is ClaimedEmail<TicketRecord> => c !== undefined);
  }
  async claim(t: TicketRecord) {
    if (this.claims.has(claimId(t))) return undefined;
    this.claims.set(claimId(t), new Date());
    return { id: t.id, token: claimId(t), attempts: t.mail.attempts, email: t };
  }
  async recordSent(c: ClaimedEmail<TicketRecord>) {
    if (this.failWrites-- > 0) throw new Error('connection reset');
    const t = this.stored(c);
    if (!t) return false;
    this.sent.push(t.id);
    t.mail.status = 'SENT';
    return true;
  }
  async recordFailed(c: ClaimedEmail<TicketRecord>, error: string, retryInMs: number) {
    const t = this.stored(c);
    if (!t) return false;
    const next = new Date(Date.now() + retryInMs);
    this.failed.push({ id: t.id, error, next });
    t.mail = { ...t.mail, attempts: t.mail.attempts + 1, nextAttemptAt: next };
    return true;
  }
  /** Every ticket of the order, as the MongoDB store finds it (whole store here, seat order). */
  async orderTickets(paymentId: string) {
    return this.tickets
      .concat(this.siblings)
      .filter((t) => t.paymentId === paymentId)
      .sort((a, b) => (a.seat ?? 1) - (b.seat ?? 1));
  }
  siblings: TicketRecord[] = [];
  async countPending() {
    return this.tickets.filter((t) => t.mail.status === 'PENDING').length;
  }
  /** The stored ticket, when the claim is still its current attempt's. */
  private stored(c: ClaimedEmail<TicketRecord>) {
    const t = this.tickets.find((x) => x.id === c.id)!;
    return t.mail.status === 'PENDING' && claimId(t) === c.token ? t : undefined;
  }
}

class FakeTransport {
  messages: MailMessage[] = [];
  error?: Error;
  async send(message: MailMessage) {
    if (this.error) throw this.error;
    this.messages.push(message);
  }
}

const env = {
  TICKET_MAIL_POLL_INTERVAL_MS: 60_000,
  TICKET_MAIL_BATCH_SIZE: 20,
  TICKET_MAIL_CONCURRENCY: 5,
  TICKET_MAIL_RETRY_BASE_MS: 1000,
  TICKET_MAIL_RETRY_MAX_MS: 30_000,
  TICKET_MAIL_REJECTED_RETRY_MAX_MS: 3_600_000,
  TICKET_MAIL_LEASE_MS: 120_000,
} as TicketsEnv;

const workers: TicketMailWorker[] = [];

function worker(queue: FakeStore, transport: FakeTransport) {
  const w = new TicketMailWorker(
    queue as unknown as TicketMailStore,
    transport as unknown as MailTransport,
    { env } as AppConfig<TicketsEnv>,
  );
  workers.push(w);
  return w;
}

/** A started worker, after its first poll of the store. */
async function started(queue: FakeStore, transport: FakeTransport) {
  const w = worker(queue, transport);
  w.onApplicationBootstrap();
  await w.whenIdle();
  return w;
}

async function drain(w: TicketMailWorker) {
  w.kick();
  await w.whenIdle();
}

describe('the ticket mail worker', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.onModuleDestroy()));
  });

  it('sends a due ticket once, with its QR code inline, and records SENT', async () => {
    const queue = new FakeStore([ticket()]);
    const transport = new FakeTransport();
    const w = await started(queue, transport);
    await drain(w);
    await drain(w);
    expect(queue.sent).toEqual(['t1']);
    expect(transport.messages).toHaveLength(1);
    const [message] = transport.messages;
    expect(message!.to).toBe('ana@example.com');
    expect(message!.subject).toBe('Your ticket is here =)');
    expect(message!.messageId).toBe('<ticket-t1-0@event-tickets>');
    expect(message!.attachments).toEqual([
      expect.objectContaining({ cid: QR_CID, contentType: 'image/png', content: expect.any(Buffer) }),
    ]);
    expect(message!.attachments![0]!.content.subarray(1, 4).toString()).toBe('PNG');
  });

  it("sends an order's first email with every ticket's QR code once all its tickets are issued", async () => {
    const seat = (n: number, passport: string) => ({
      ...ticket(),
      id: `t${n}`,
      purchaseKey: n === 1 ? 'payment:p1' : `payment:p1:seat:${n}`,
      paymentId: 'p1',
      passport,
      seat: n,
      quantity: 3,
    });
    const first = seat(1, '11111111-1111-4111-8111-111111111111');
    const queue = new FakeStore([first]);
    queue.siblings = [seat(2, '22222222-2222-4222-8222-222222222222')];
    const transport = new FakeTransport();
    const w = await started(queue, transport);
    expect(transport.messages).toHaveLength(0);
    expect(queue.failed[0]!.error).toContain('order not fully issued yet: 2 of 3');

    queue.siblings.push(seat(3, '33333333-3333-4333-8333-333333333333'));
    first.mail.nextAttemptAt = new Date(0);
    await drain(w);
    expect(queue.sent).toEqual(['t1']);
    expect(transport.messages).toHaveLength(1);
    const [message] = transport.messages;
    expect(message!.subject).toBe('Your tickets are here =)');
    expect(message!.attachments!.map((a) => a.cid)).toEqual([1, 2, 3].map(seatQrCid));
    for (const passport of [first.passport, ...queue.siblings.map((t) => t.passport)])
      expect(message!.html).toContain(`<p class="ticket">${passport}</p>`);
  });

  it('records a failure with the next attempt backed off, and sends nothing', async () => {
    const queue = new FakeStore([ticket({ attempts: 2 })]);
    const transport = new FakeTransport();
    transport.error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1025'), {
      code: 'ECONNECTION',
    });
    const before = Date.now();
    await started(queue, transport);
    expect(queue.sent).toEqual([]);
    expect(queue.failed).toHaveLength(1);
    expect(queue.failed[0]!.error).toContain('ECONNREFUSED');
    const delay = queue.failed[0]!.next.getTime() - before;
    expect(delay).toBeGreaterThanOrEqual(4000);
    expect(delay).toBeLessThan(6000);
  });

  it('backs off up to TICKET_MAIL_REJECTED_RETRY_MAX_MS after a permanent (5xx) refusal', async () => {
    const queue = new FakeStore([ticket({ attempts: 6 })]);
    const transport = new FakeTransport();
    transport.error = Object.assign(new Error('550 mailbox unavailable'), { responseCode: 550 });
    const before = Date.now();
    await started(queue, transport);
    const delay = queue.failed[0]!.next.getTime() - before;
    expect(delay).toBeGreaterThanOrEqual(64_000);
    expect(delay).toBeLessThan(66_000);
  });

  it('leaves an attempt claimed by another worker alone', async () => {
    const t = ticket();
    const queue = new FakeStore([t]);
    queue.claims.set(claimId(t), new Date());
    const transport = new FakeTransport();
    const w = await started(queue, transport);
    await drain(w);
    expect(transport.messages).toHaveLength(0);
    expect(queue.sent).toEqual([]);
  });

  it('keeps trying to record a sent email rather than sending it again', async () => {
    const queue = new FakeStore([ticket()]);
    queue.failWrites = 1;
    const transport = new FakeTransport();
    const w = await started(queue, transport);
    await drain(w);
    expect(queue.sent).toEqual(['t1']);
    expect(transport.messages).toHaveLength(1);
  }, 10_000);

  it('sends a ticket handed over in memory at once, without reading the database', async () => {
    const t = ticket();
    const queue = new FakeStore([t]);
    const transport = new FakeTransport();
    const w = worker(queue, transport);
    w.send(t);
    await w.whenIdle();
    expect(queue.polls).toBe(0);
    expect(queue.sent).toEqual(['t1']);
    expect(transport.messages).toHaveLength(1);
  });

  it('never sends twice a ticket that a poll finds while it is being sent', async () => {
    const t = ticket();
    const queue = new FakeStore([t]);
    const transport = new FakeTransport();
    const slow = transport.send.bind(transport);
    transport.send = async (m) => {
      await new Promise((r) => setTimeout(r, 50));
      await slow(m);
    };
    const w = worker(queue, transport);
    w.send({ ...t, mail: { ...t.mail } });
    w.onApplicationBootstrap(); // polls: reads the same ticket, still PENDING
    w.kick();
    w.send({ ...t, mail: { ...t.mail } });
    await w.whenIdle();
    await drain(w); // and once more after it was sent, from a stale read
    expect(transport.messages).toHaveLength(1);
    expect(queue.sent).toEqual(['t1']);
  });

  it('keeps the other sends going while one is slow (no batch waits for its slowest send)', async () => {
    const tickets = Array.from({ length: 12 }, (_, i) => ({
      ...ticket(),
      id: `t${i}`,
      email: `b${i}@example.com`,
    }));
    const queue = new FakeStore(tickets);
    const transport = new FakeTransport();
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    let active = 0;
    let peak = 0;
    const send = transport.send.bind(transport);
    transport.send = async (m) => {
      active += 1;
      peak = Math.max(peak, active);
      if (m.to === 'b0@example.com') await stuck;
      else await new Promise((r) => setTimeout(r, 5));
      active -= 1;
      await send(m);
    };
    const w = worker(queue, transport);
    tickets.forEach((t) => w.send(t));
    while (transport.messages.length < 11) await new Promise((r) => setTimeout(r, 5));
    expect(queue.sent).not.toContain('t0');
    release();
    await w.whenIdle();
    expect(queue.sent.sort()).toEqual(tickets.map((t) => t.id).sort());
    expect(peak).toBe(5);
  });
});
