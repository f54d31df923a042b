import { PostgresOutboxRelay } from '@event-tickets/service-kit';
import {
  eventually,
  mailTo,
  queryDatabase,
  readTopic,
  type TcpProxy,
  tcpProxy,
} from '@event-tickets/testing';
import { type Buyer, PaymentsStack } from '../support/payments-stack';

/**
 * Kafka cannot be stopped under the other engineers' tests, so "Kafka down" is the relay stopped:
 * purchases commit with their messages waiting in the outbox, as they would while the broker is away.
 * "SMTP down" is a proxy in front of the SMTP catcher, taken down and up again.
 */
jest.setTimeout(240_000);

describe('pipeline outages (Kafka via the relay, SMTP via a proxy)', () => {
  let stack: PaymentsStack;
  let smtp: TcpProxy;
  let eventId: number;

  beforeAll(async () => {
    smtp = await tcpProxy(Number(process.env.MAIL_PORT ?? 1025));
    stack = await PaymentsStack.start({ payments: { MAIL_PORT: String(smtp.port) } });
    eventId = await stack.createEvent({ capacity: 200 });
  });

  afterAll(async () => {
    await stack?.close();
    await smtp?.close();
  });

  it('completes all 50 purchases made while nothing reached Kafka, once it is back, exactly once', async () => {
    const relay = stack.payments.app.get(PostgresOutboxRelay);
    await relay.stop();
    let ids: string[] = [];
    let buyers: Buyer[] = [];
    try {
      buyers = await Promise.all(Array.from({ length: 50 }, () => stack.buyer()));
      const answers = [];
      for (let i = 0; i < buyers.length; i += 10)
        answers.push(...(await Promise.all(buyers.slice(i, i + 10).map((b) => stack.purchase(b, eventId)))));
      expect(answers.map((a) => a.status)).toEqual(Array(50).fill(201));
      ids = answers.map((a) => a.body.payment_id);

      await new Promise((r) => setTimeout(r, 1500));
      const [pending] = await stack.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM payments WHERE id = ANY($1) AND status = 'PENDING'`,
        [ids],
      );
      expect(pending!.n).toBe(50);
      const [waiting] = await stack.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox_messages WHERE key = ANY($1) AND topic = $2 AND published_at IS NULL`,
        [ids, stack.topics.PAYMENT_CREATED_TOPIC],
      );
      expect(waiting!.n).toBe(50);
      const [transactions] = await stack.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM transactions WHERE payment_id = ANY($1)`,
        [ids],
      );
      expect(transactions!.n).toBe(0);
    } finally {
      relay.start();
    }

    const done = await eventually(
      () =>
        stack
          .query<{ n: number }>(
            `SELECT count(*)::int AS n FROM payments WHERE id = ANY($1) AND status = 'SUCCESS'`,
            [ids],
          )
          .then((r) => r[0]!.n),
      (n) => n === 50,
      { timeoutMs: 120_000 },
    );
    expect(done).toBe(50);

    const ours = new Set(ids);
    const succeeded = (
      await readTopic(
        stack.topics.PAYMENT_SUCCEEDED_TOPIC,
        (ms) => new Set(ms.filter((m) => ours.has(m.key ?? '')).map((m) => m.key)).size === 50,
        60_000,
      )
    ).filter((m) => ours.has(m.key ?? ''));
    expect(succeeded).toHaveLength(50);
    expect(new Set(succeeded.map((m) => m.json().payment_id)).size).toBe(50);

    const sold = await eventually(
      () =>
        queryDatabase<{ n: number }>(
          stack.eventsDb.name,
          `SELECT count(*)::int AS n FROM seat_holds WHERE payment_id = ANY($1) AND status = 'SOLD'`,
          [ids],
        ).then((r) => r[0]!.n),
      (n) => n === 50,
      { timeoutMs: 60_000 },
    );
    expect(sold).toBe(50);

    const inboxes = async () => Promise.all(buyers.map((b) => mailTo(b.email)));
    await eventually(inboxes, (all) => all.every((m) => m.length >= 1), { timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 2000));
    const received = await inboxes();
    expect(received.map((m) => m.length)).toEqual(Array(50).fill(1));
    expect(received.every((m) => m[0]!.Subject === 'Payment Approved =)')).toBe(true);
  });

  it('sends the emails recorded while SMTP was down once it is back, once each', async () => {
    smtp.down();
    const approvedBuyer = await stack.buyer({ name: 'Ana' });
    const rejectedBuyer = await stack.buyer({ name: 'Bia' });
    let ids: string[] = [];
    try {
      const approved = await stack.purchase(approvedBuyer, eventId);
      const rejected = await stack.purchase(rejectedBuyer, eventId, { payment_token: 'ODD12' });
      expect([approved.status, rejected.status]).toEqual([201, 201]);
      ids = [approved.body.payment_id, rejected.body.payment_id];
      expect((await stack.settled(ids[0]!))?.status).toBe('SUCCESS');
      expect((await stack.settled(ids[1]!))?.status).toBe('FAILED');

      const tried = await eventually(
        () =>
          stack.query<{ status: string; attempts: number; last_error: string | null }>(
            `SELECT status, attempts, last_error FROM emails WHERE payment_id = ANY($1)`,
            [ids],
          ),
        (rows) => rows.length === 2 && rows.every((r) => r.attempts >= 2),
        { timeoutMs: 60_000 },
      );
      expect(tried.map((r) => r.status)).toEqual(['PENDING', 'PENDING']);
      expect(tried.every((r) => r.last_error)).toBe(true);
      expect(await mailTo(approvedBuyer.email)).toHaveLength(0);
      expect(await mailTo(rejectedBuyer.email)).toHaveLength(0);
    } finally {
      smtp.up();
    }

    const both = async () => [await mailTo(approvedBuyer.email), await mailTo(rejectedBuyer.email)];
    await eventually(both, ([a, r]) => a!.length >= 1 && r!.length >= 1, { timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 2000));
    const [approvedMail, rejectedMail] = await both();
    expect(approvedMail!.map((m) => m.Subject)).toEqual(['Payment Approved =)']);
    expect(rejectedMail!.map((m) => m.Subject)).toEqual(['Payment Rejected =(']);
    const rows = await stack.query<{ status: string }>(
      `SELECT status FROM emails WHERE payment_id = ANY($1)`,
      [ids],
    );
    expect(rows.map((r) => r.status)).toEqual(['SENT', 'SENT']);
  });
});
