import { Logger } from '@nestjs/common';
import type { MailMessage } from '../mail.transport';
import { collectBacklog } from './backlog-gauge';
import type { ClaimedEmail, MailStore } from './mail-store';
import { MailWorker, type MailWorkerOptions } from './mail-worker';

interface Email {
  id: string;
  to: string;
}

interface Stored extends Email {
  status: 'PENDING' | 'SENT';
  attempts: number;
  dueAt: number;
  token?: string;
  lastError?: string;
}

/** An in-memory store with the PostgreSQL store's rules: a claim is a lease with a fresh token. */
class FakeStore implements MailStore<Email> {
  rows = new Map<string, Stored>();
  polls = 0;
  failWrites = 0;
  private tokens = 0;

  add(id: string, fields: Partial<Stored> = {}): Stored {
    const row: Stored = { id, to: `${id}@example.com`, status: 'PENDING', attempts: 0, dueAt: 0, ...fields };
    this.rows.set(id, row);
    return row;
  }

  async claimDue(limit: number, leaseMs: number) {
    this.polls += 1;
    const due = [...this.rows.values()]
      .filter((r) => r.status === 'PENDING' && r.dueAt <= Date.now())
      .slice(0, limit);
    return due.map((r) => this.take(r, leaseMs));
  }

  async claim(email: Email, leaseMs: number, _sendTimeoutMs?: number) {
    const row = this.rows.get(email.id);
    return row && row.status === 'PENDING' && row.dueAt <= Date.now() ? this.take(row, leaseMs) : undefined;
  }

  /** Another worker claims the email (as after this one's lease ran out). */
  steal(id: string): string {
    const row = this.rows.get(id)!;
    row.token = `other-${(this.tokens += 1)}`;
    return row.token;
  }

  async recordSent(c: ClaimedEmail<Email>) {
    this.failIfAsked();
    const row = this.rows.get(c.id)!;
    if (row.token !== c.token) return false;
    Object.assign(row, { status: 'SENT', attempts: row.attempts + 1, token: undefined });
    return true;
  }

  async recordFailed(c: ClaimedEmail<Email>, error: string, retryInMs: number) {
    this.failIfAsked();
    const row = this.rows.get(c.id)!;
    if (row.token !== c.token) return false;
    Object.assign(row, {
      attempts: row.attempts + 1,
      lastError: error,
      dueAt: Date.now() + retryInMs,
      token: undefined,
    });
    return true;
  }

  async countPending() {
    return [...this.rows.values()].filter((r) => r.status === 'PENDING').length;
  }

  private take(row: Stored, leaseMs: number): ClaimedEmail<Email> {
    row.token = `t${(this.tokens += 1)}`;
    row.dueAt = Date.now() + leaseMs;
    return { id: row.id, token: row.token, attempts: row.attempts, email: { id: row.id, to: row.to } };
  }

  private failIfAsked() {
    if (this.failWrites > 0) {
      this.failWrites -= 1;
      throw new Error('connection terminated');
    }
  }
}

class FakeTransport {
  messages: MailMessage[] = [];
  error?: Error;
  delayMs = 0;
  active = 0;
  peak = 0;
  hold?: Promise<void>;
  signals: AbortSignal[] = [];
  async send(message: MailMessage, signal?: AbortSignal) {
    if (signal) this.signals.push(signal);
    this.active += 1;
    this.peak = Math.max(this.peak, this.active);
    try {
      if (this.hold) await this.hold;
      if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
      if (this.error) throw this.error;
      this.messages.push(message);
    } finally {
      this.active -= 1;
    }
  }
}

const failures: { id: string; rejected: boolean; retryInMs: number }[] = [];

function worker(store: FakeStore, transport: FakeTransport, options: Partial<MailWorkerOptions<Email>> = {}) {
  return new MailWorker<Email>({
    name: 'test-mail',
    store,
    transport,
    compose: (e) => ({ to: e.to, subject: 'Hi', html: '<p>Hi</p>', text: 'Hi', messageId: `<${e.id}@test>` }),
    idOf: (e) => e.id,
    pollIntervalMs: 60_000,
    batchSize: 20,
    concurrency: 5,
    leaseMs: 30_000,
    retry: { initialMs: 1000, maxMs: 30_000, rejectedMaxMs: 3_600_000 },
    onFailed: (e, _error, outcome) => failures.push({ id: e.id, ...outcome }),
    ...options,
  });
}

describe('the durable mail worker', () => {
  let running: MailWorker<Email>[] = [];
  const started = async (w: MailWorker<Email>) => {
    running.push(w);
    w.start();
    await w.whenIdle();
    return w;
  };

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => (failures.length = 0));
  afterEach(async () => {
    await Promise.all(running.map((w) => w.stop()));
    running = [];
  });

  it('claims a due email, sends it once and records SENT under its claim', async () => {
    const store = new FakeStore();
    store.add('e1');
    const transport = new FakeTransport();
    const w = await started(worker(store, transport));
    w.kick();
    await w.whenIdle();
    expect(transport.messages.map((m) => m.messageId)).toEqual(['<e1@test>']);
    expect(store.rows.get('e1')).toMatchObject({ status: 'SENT', attempts: 1, token: undefined });
  });

  it('sends an email handed over in memory at once, without reading the store', async () => {
    const store = new FakeStore();
    store.add('e1');
    const transport = new FakeTransport();
    const w = worker(store, transport);
    w.offer({ id: 'e1', to: 'e1@example.com' });
    w.offer({ id: 'e1', to: 'e1@example.com' }); // the same email again: one send
    await w.whenIdle();
    expect(store.polls).toBe(0);
    expect(transport.messages).toHaveLength(1);
    expect(store.rows.get('e1')!.status).toBe('SENT');
  });

  it('keeps at most handOverLimit emails in memory; the rest wait in the store for a poll', async () => {
    const store = new FakeStore();
    const transport = new FakeTransport();
    let release!: () => void;
    transport.hold = new Promise<void>((r) => (release = r));
    const w = worker(store, transport, { concurrency: 1, handOverLimit: 2 });
    for (const id of ['a', 'b', 'c', 'd']) w.offer(store.add(id));
    // 'a' is being sent, 'b' and 'c' wait in memory, 'd' was dropped (still PENDING in the store).
    release();
    await w.whenIdle();
    expect(transport.messages.map((m) => m.to)).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    expect(store.rows.get('d')!.status).toBe('PENDING');
    await started(w);
    expect(store.rows.get('d')!.status).toBe('SENT');
  });

  it('records a failed send with the per-email back-off (exact doubling) and sends nothing', async () => {
    const store = new FakeStore();
    store.add('e1', { attempts: 2 });
    const transport = new FakeTransport();
    transport.error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1025'), {
      code: 'ECONNECTION',
    });
    const before = Date.now();
    await started(worker(store, transport));
    const row = store.rows.get('e1')!;
    expect(row).toMatchObject({ status: 'PENDING', attempts: 3 });
    expect(row.lastError).toContain('ECONNREFUSED');
    expect(row.dueAt - before).toBeGreaterThanOrEqual(4000);
    expect(row.dueAt - before).toBeLessThan(4500);
    expect(failures).toEqual([{ id: 'e1', rejected: false, retryInMs: 4000 }]);
  });

  it('backs off up to the longer cap after a permanent (5xx) rejection', async () => {
    const store = new FakeStore();
    store.add('e1', { attempts: 10 });
    const transport = new FakeTransport();
    transport.error = Object.assign(new Error('550 mailbox unavailable'), { responseCode: 550 });
    await started(worker(store, transport));
    expect(failures).toEqual([{ id: 'e1', rejected: true, retryInMs: 1000 * 2 ** 10 }]);
    store.add('e2', { attempts: 20 });
    await started(worker(store, transport));
    expect(failures[1]).toEqual({ id: 'e2', rejected: true, retryInMs: 3_600_000 });
  });

  it('gives a send up after the hard timeout and records it for a retry', async () => {
    const store = new FakeStore();
    store.add('e1');
    const transport = new FakeTransport();
    transport.hold = new Promise(() => undefined); // SMTP never answers
    await started(worker(store, transport, { leaseMs: 300, sendTimeoutMs: 100 }));
    expect(store.rows.get('e1')).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(store.rows.get('e1')!.lastError).toBe('send timed out after 100 ms');
  });

  it('aborts the send it gave up on (the session is cut), and only that one', async () => {
    const store = new FakeStore();
    store.add('e1');
    const transport = new FakeTransport();
    transport.hold = new Promise(() => undefined);
    await started(worker(store, transport, { leaseMs: 300, sendTimeoutMs: 100 }));
    expect(transport.signals).toHaveLength(1);
    expect(transport.signals[0]!.aborted).toBe(true);
    expect(String(transport.signals[0]!.reason)).toMatch(/send timed out after 100 ms/);
    const fine = new FakeTransport();
    store.add('e2');
    await started(worker(store, fine));
    expect(fine.signals.map((signal) => signal.aborted)).toEqual([false]);
  });

  it('refuses a send timeout that is not shorter than the lease', () => {
    expect(() =>
      worker(new FakeStore(), new FakeTransport(), { leaseMs: 1000, sendTimeoutMs: 1000 }),
    ).toThrow(/shorter than the claim's lease/);
  });

  it("cannot record over another worker's claim once its own lease ran out", async () => {
    const store = new FakeStore();
    store.add('e1');
    const transport = new FakeTransport();
    let release!: () => void;
    transport.hold = new Promise<void>((r) => (release = r));
    const w = worker(store, transport, { leaseMs: 60_000 });
    running.push(w);
    w.start();
    while (!transport.active) await new Promise((r) => setTimeout(r, 1));
    const other = store.steal('e1');
    release();
    await w.whenIdle();
    expect(transport.messages).toHaveLength(1);
    expect(store.rows.get('e1')).toMatchObject({ status: 'PENDING', attempts: 0, token: other });
  });

  it('keeps trying to record a sent email rather than sending it again', async () => {
    const store = new FakeStore();
    store.add('e1');
    store.failWrites = 2;
    const transport = new FakeTransport();
    await started(worker(store, transport));
    expect(transport.messages).toHaveLength(1);
    expect(store.rows.get('e1')!.status).toBe('SENT');
  }, 10_000);

  it('sends `concurrency` at once and keeps the others going while one is slow', async () => {
    const store = new FakeStore();
    const transport = new FakeTransport();
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    const send = transport.send.bind(transport);
    let active = 0;
    let peak = 0;
    transport.send = async (m) => {
      peak = Math.max(peak, (active += 1));
      if (m.to === 'e0@example.com') await stuck;
      else await new Promise((r) => setTimeout(r, 5));
      active -= 1;
      await send(m);
    };
    const w = worker(store, transport);
    for (let i = 0; i < 12; i += 1) w.offer(store.add(`e${i}`));
    while (transport.messages.length < 11) await new Promise((r) => setTimeout(r, 5));
    expect(store.rows.get('e0')!.status).toBe('PENDING');
    release();
    await w.whenIdle();
    expect([...store.rows.values()].every((r) => r.status === 'SENT')).toBe(true);
    expect(peak).toBe(5);
  });

  it('polls again at once while polls fill every free slot, and only for free slots', async () => {
    const store = new FakeStore();
    for (let i = 0; i < 12; i += 1) store.add(`e${i}`);
    const transport = new FakeTransport();
    transport.delayMs = 5;
    await started(worker(store, transport, { concurrency: 2 }));
    await new Promise((r) => setTimeout(r, 150));
    expect(transport.messages).toHaveLength(12);
    expect(transport.peak).toBe(2);
  });

  it('reserves only free send slots for emails recorded leased to it, and keeps them off the poll and the queue', async () => {
    const store = new FakeStore();
    const transport = new FakeTransport();
    let release!: () => void;
    transport.hold = new Promise<void>((r) => (release = r));
    const claim = jest.spyOn(store, 'claim');
    const w = await started(worker(store, transport, { concurrency: 3 }));
    expect(worker(store, transport).reserveSlots(5)).toBe(0); // not started: nothing is sent from memory
    w.offer(store.add('busy'));
    expect(w.reserveSlots(5)).toBe(2); // one slot is sending already
    expect(w.reserveSlots(1)).toBe(0);
    w.offer(store.add('queued')); // waits: the reserved slots are not its to take
    store.add('due');
    w.kick();
    await new Promise((r) => setTimeout(r, 20));
    expect(transport.active).toBe(1);
    expect(store.polls).toBe(1); // the start's poll only: no slot was free for the kick's
    w.offer(store.add('leased'), true); // into its slot, ahead of the queue
    w.unreserve(1); // the other one was not recorded after all: its slot goes to the queue
    await new Promise((r) => setTimeout(r, 20));
    expect(transport.active).toBe(3);
    // The send's bound goes with each in-memory claim.
    expect(claim.mock.calls.map(([, , sendTimeoutMs]) => sendTimeoutMs)).toEqual([20_000, 20_000, 20_000]);
    expect(transport.messages).toHaveLength(0);
    release();
    await w.whenIdle();
    expect([...store.rows.values()].every((r) => r.status === 'SENT')).toBe(true);
  });

  it('claims nothing after stop, and lets the send in progress finish and be recorded', async () => {
    const store = new FakeStore();
    store.add('e1');
    const transport = new FakeTransport();
    transport.delayMs = 30;
    const w = worker(store, transport);
    w.start();
    await new Promise((r) => setTimeout(r, 5));
    await w.stop();
    expect(store.rows.get('e1')!.status).toBe('SENT');
    store.add('e2');
    w.kick();
    w.offer({ id: 'e2', to: 'e2@example.com' });
    await new Promise((r) => setTimeout(r, 20));
    expect(transport.messages).toHaveLength(1);
  });

  it("counts its backlog in the store for the app's gauge; a failing count keeps the last value", async () => {
    const store = new FakeStore();
    store.add('e1');
    store.add('e2', { status: 'SENT' });
    worker(store, new FakeTransport(), { name: 'backlog-test' });
    const values: number[] = [];
    await collectBacklog('backlog-test', { set: (n) => values.push(n) });
    store.countPending = () => Promise.reject(new Error('connection terminated'));
    await collectBacklog('backlog-test', { set: (n) => values.push(n) });
    expect(values).toEqual([1]);
  });
});
