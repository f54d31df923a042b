import { eventually, mailTo, readTopic, uniqueName } from '@event-tickets/testing';
import { type Buyer, INTERNAL_TOKEN, PaymentsStack } from '../support/payments-stack';
import { TicketsSide } from '../support/tickets-side';

jest.setTimeout(180_000);

interface RefundBody {
  refund_id: string;
  status: string;
  quantity: number;
  amount: number;
  passports: string[];
  payment_status: string;
  code?: string;
}

const HOUR_MS = 3_600_000;

/**
 * POST /payments/:id/refunds on the real stack: PostgreSQL, Kafka, the events app, and the tickets
 * app (tickets issued from SEND_TICKET as clients asks, voided through its internal route, told of
 * each refund by PAYMENT_REFUNDED).
 */
describe('refunds route', () => {
  let tickets: TicketsSide;
  let stack: PaymentsStack;

  beforeAll(async () => {
    const refundedTopic = uniqueName('PAYMENT_REFUNDED_TOPIC');
    tickets = await TicketsSide.start({
      INTERNAL_API_TOKEN: INTERNAL_TOKEN,
      PAYMENT_REFUNDED_TOPIC: refundedTopic,
    });
    stack = await PaymentsStack.start({
      payments: { TICKETS_URL: tickets.url },
      topics: { PAYMENT_REFUNDED_TOPIC: refundedTopic },
    });
  });

  afterAll(async () => {
    await stack?.close();
    await tickets?.close();
  });

  /** A paid order of `quantity` seats at `price`, its tickets issued; returns its id and passports. */
  async function paidOrder(buyer: Buyer, event: Record<string, unknown>, quantity: number, price: number) {
    const eventId = await stack.createEvent({ price, ...event });
    const res = await stack.purchase(buyer, eventId, { event_amount: price, quantity });
    expect(res.status).toBe(201);
    const paymentId = res.body.payment_id;
    expect((await stack.settled(paymentId))?.status).toBe('SUCCESS');
    const passports = await tickets.issue({
      paymentId,
      eventId,
      email: buyer.email,
      userId: buyer.id,
      quantity,
    });
    return { paymentId, eventId, passports };
  }

  const refund = (paymentId: string, token: string, body: Record<string, unknown> = {}) =>
    stack.call<RefundBody>('POST', `/payments/${paymentId}/refunds`, body, token);

  /** payments' emails to the buyer (tickets' own email with the QR codes left aside). */
  const paymentMails = async (email: string) =>
    (await mailTo(email)).map((m) => m.Subject).filter((s) => !s.startsWith('Your ticket'));
  const subjects = async (email: string, n: number) =>
    (
      await eventually(
        () => paymentMails(email),
        (ms) => ms.length >= n,
        { timeoutMs: 60_000 },
      )
    ).sort();

  const refundsOf = (paymentId: string) =>
    stack.query(`SELECT 1 FROM refunds WHERE payment_id = $1`, [paymentId]);

  it('refunds part of an order, then the rest: statuses, sums, one PAYMENT_REFUNDED and one email each', async () => {
    const buyer = await stack.buyer();
    const { paymentId, eventId, passports } = await paidOrder(buyer, {}, 3, 33.33);
    const [first, second, third] = passports as [string, string, string];

    const partial = await refund(paymentId, buyer.token, { passports: [first] });
    expect(partial.status).toBe(201);
    expect(partial.body).toMatchObject({
      payment_id: paymentId,
      status: 'COMPLETED',
      quantity: 1,
      amount: 33.33,
      passports: [first],
      payment_status: 'PARTIALLY_REFUNDED',
    });
    expect(await stack.payment(paymentId)).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      refunded_quantity: 1,
      refunded_amount: '33.33',
    });
    expect(await tickets.checkIn(first)).toBe(409); // voided: it no longer opens the door

    const rest = await refund(paymentId, buyer.token);
    expect(rest.status).toBe(201);
    expect(rest.body).toMatchObject({ quantity: 2, amount: 66.66, payment_status: 'REFUNDED' });
    expect([...rest.body.passports].sort()).toEqual([second, third].sort());
    expect(await stack.payment(paymentId)).toMatchObject({
      status: 'REFUNDED',
      refunded_quantity: 3,
      refunded_amount: '99.99',
    });
    expect((await refund(paymentId, buyer.token)).body.code).toBe('ALREADY_REFUNDED');

    const listed = await stack.call<{ refunds: { status: string; reason: string }[] }>(
      'GET',
      `/payments/${paymentId}/refunds`,
      undefined,
      buyer.token,
    );
    expect(listed.body.refunds.map((r) => [r.reason, r.status])).toEqual([
      ['buyer', 'COMPLETED'],
      ['buyer', 'COMPLETED'],
    ]);
    expect(await stack.outboxCount(paymentId, 'PAYMENT_REFUNDED_TOPIC')).toBe(2);
    const published = await readTopic(
      stack.topics.PAYMENT_REFUNDED_TOPIC,
      (ms) => ms.filter((m) => m.key === paymentId).length >= 2,
    );
    expect(published.filter((m) => m.key === paymentId).map((m) => m.json())).toEqual([
      expect.objectContaining({
        refund_id: partial.body.refund_id,
        event_id: String(eventId),
        quantity: 1,
        amount: 33.33,
        passports: [first],
        reason: 'buyer',
        payment_status: 'PARTIALLY_REFUNDED',
      }),
      expect.objectContaining({ refund_id: rest.body.refund_id, quantity: 2, amount: 66.66 }),
    ]);
    expect(await subjects(buyer.email, 3)).toEqual([
      'Payment Approved =)',
      'Refund Processed',
      'Refund Processed',
    ]);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await paymentMails(buyer.email)).toHaveLength(3);
  });

  it('refuses the buyer past the cutoff (409) and others (403); an admin refunds at any time', async () => {
    const buyer = await stack.buyer();
    const soon = new Date(Date.now() + 2 * HOUR_MS).toISOString();
    const { paymentId } = await paidOrder(buyer, { event_date: soon, refund_cutoff_hours: 24 }, 1, 80);

    const late = await refund(paymentId, buyer.token);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('REFUND_CUTOFF_PASSED');
    const stranger = await stack.buyer();
    expect((await refund(paymentId, stranger.token)).status).toBe(403);
    expect(await refundsOf(paymentId)).toHaveLength(0);

    const admin = await stack.buyer({ role: 'ADMIN' });
    const byAdmin = await refund(paymentId, admin.token);
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body).toMatchObject({ quantity: 1, amount: 80, payment_status: 'REFUNDED' });
    const [row] = await stack.query(`SELECT reason, requested_by FROM refunds WHERE payment_id = $1`, [
      paymentId,
    ]);
    expect(row).toEqual({ reason: 'admin', requested_by: admin.id });
  });

  it('refuses a checked-in ticket (409 TICKET_CHECKED_IN) and refunds nothing', async () => {
    const buyer = await stack.buyer();
    const { paymentId, passports } = await paidOrder(buyer, {}, 2, 50);
    expect(await tickets.checkIn(passports[0]!)).toBeLessThan(300);
    const res = await refund(paymentId, buyer.token, { passports: [passports[0]] });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('TICKET_CHECKED_IN');
    expect(await stack.payment(paymentId)).toMatchObject({ status: 'SUCCESS', refunded_quantity: 0 });
    expect(await stack.outboxCount(paymentId, 'PAYMENT_REFUNDED_TOPIC')).toBe(0);
  });

  it('refuses a malformed body (400 with the field) and a malformed id, before anything is refunded', async () => {
    const buyer = await stack.buyer();
    const { paymentId } = await paidOrder(buyer, {}, 1, 50);
    for (const passports of ['all', [], [''], ['a', 'a'], [7], ['x'.repeat(65)]]) {
      const res = await refund(paymentId, buyer.token, { passports });
      expect(res.status).toBe(400);
      expect((res.body as unknown as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([
        'passports',
      ]);
      expect((res.body as unknown as { message: string }).message).toContain('passports must be 1 to 1000');
    }
    const badId = await refund('not-a-uuid', buyer.token);
    expect(badId.status).toBe(400);
    expect(badId.body.code).toBe('INVALID_PAYMENT_ID');
    expect(await refundsOf(paymentId)).toHaveLength(0);
    expect((await stack.payment(paymentId))?.status).toBe('SUCCESS');
  });

  it('two refunds of one order at once: one refund, the other 409', async () => {
    const buyer = await stack.buyer();
    const { paymentId } = await paidOrder(buyer, {}, 2, 50);
    const answers = await Promise.all([refund(paymentId, buyer.token), refund(paymentId, buyer.token)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const refused = answers.find((a) => a.status === 409)!;
    // Still in flight (REFUND_IN_PROGRESS), or already done with the whole order (ALREADY_REFUNDED).
    expect(['REFUND_IN_PROGRESS', 'ALREADY_REFUNDED']).toContain(refused.body.code);
    const rows = await stack.query(`SELECT status FROM refunds WHERE payment_id = $1`, [paymentId]);
    expect(rows).toEqual([{ status: 'COMPLETED' }]);
    expect(await stack.payment(paymentId)).toMatchObject({ status: 'REFUNDED', refunded_quantity: 2 });
    expect(await stack.outboxCount(paymentId, 'PAYMENT_REFUNDED_TOPIC')).toBe(1);
    expect(await subjects(buyer.email, 2)).toEqual(['Payment Approved =)', 'Refund Processed']);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await paymentMails(buyer.email)).toHaveLength(2);
  });
});
