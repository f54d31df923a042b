import {
  eventually,
  mailTo,
  type RunningApp,
  type SmtpProxy,
  smtpProxy,
  startApp,
} from '@event-tickets/testing';
import { paymentsService } from '../../src/payments.service-definition';
import { type Buyer, PaymentsStack, purchaseBody } from '../support/payments-stack';

jest.setTimeout(180_000);

/**
 * Two payments instances share the database (and its `emails` queue) and an SMTP server that takes
 * 8 s per message: each approval email is sent once. Before claims were taken per send with a token,
 * a replica re-claimed emails still waiting in another's batch and both sent them.
 */
describe('payments: two instances, SMTP taking 8 s per message → every email once', () => {
  let smtp: SmtpProxy;
  let stack: PaymentsStack;
  let second: RunningApp;

  beforeAll(async () => {
    smtp = await smtpProxy({ delayMs: 8000 });
    stack = await PaymentsStack.start({ payments: { MAIL_PORT: String(smtp.port) } });
    second = await startApp(paymentsService, stack.paymentsEnv({ MAIL_PORT: String(smtp.port) }));
  });
  afterAll(async () => {
    await second?.close();
    await stack?.close();
    await smtp?.close();
  });

  it('10 buyers, purchases spread over both instances → 10 approval emails, one each, one send each', async () => {
    const eventId = await stack.createEvent({ capacity: 20 });
    const buyers: Buyer[] = await Promise.all(Array.from({ length: 10 }, () => stack.buyer()));
    const before = smtp.transactions;
    const answers = await Promise.all(
      buyers.map((buyer, i) =>
        i % 2
          ? stack.purchase(buyer, eventId)
          : fetch(`${second.url}/payments`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${buyer.token}` },
              body: JSON.stringify(purchaseBody(buyer, eventId)),
            }).then(async (res) => ({
              status: res.status,
              body: (await res.json()) as { payment_id: string },
            })),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(buyers.map(() => 201));
    const ids = answers.map((a) => a.body.payment_id);

    const sent = await eventually(
      () =>
        stack.query<{ payment_id: string; attempts: number }>(
          `SELECT payment_id, attempts FROM emails WHERE payment_id = ANY($1) AND status = 'SENT'`,
          [ids],
        ),
      (rows) => rows.length === 10,
      { timeoutMs: 120_000 },
    );
    // Recorded SENT after one attempt each, and no send of them still at the server.
    expect(sent.map((r) => r.attempts)).toEqual(sent.map(() => 1));
    expect(smtp.holding).toBe(0);
    expect(smtp.transactions - before).toBe(10);
    const inboxes = await Promise.all(buyers.map((b) => mailTo(b.email)));
    expect(inboxes.map((m) => m.length)).toEqual(buyers.map(() => 1));
  });
});
