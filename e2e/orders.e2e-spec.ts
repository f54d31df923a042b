import { eventually, http, mailTo, type Platform, stack, startPlatform } from '@event-tickets/testing';
import { loginAdmin, newBuyer, type Buyer } from './purchases';
import { mailsMatching, orders, qrPassports } from './orders';

const REFUND_SUBJECT = /^Refund Processed$/;
const CANCEL_SUBJECT = /^Event Cancelled - Refund Processed$/;
const ORDER_SUBJECT = /^Your tickets are here =\)$/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Orders of several tickets and types, refunds and event cancellation across the six apps: every
 * seat counted once, every email sent once, a ticket either checked in or refunded, never both.
 */
describe('orders, refunds and cancellation', () => {
  let p: Platform;
  let admin: string;
  let o: ReturnType<typeof orders>;

  /** A buyer made door staff by the admin (a new token carries the role). */
  async function staffMember(): Promise<string> {
    const person = await newBuyer(p);
    const me = await http<{ id: string }>('GET', `${p.url.users}/users/me`, { token: person.token });
    const made = await http('PATCH', `${p.url.users}/users/${me.body.id}/role`, {
      token: admin,
      body: { role: 'STAFF' },
    });
    expect(made.status).toBe(200);
    const login = await http<{ token: string }>('POST', `${p.url.users}/users/token`, {
      body: { email: person.email, password: 'buyer-password' },
    });
    return login.body.token;
  }

  /** A paid order of `quantity` default-type seats with its tickets issued. */
  async function paidOrder(buyer: Buyer, eventId: number, quantity = 1) {
    const res = await o.order(buyer, eventId, { quantity });
    expect(res.status).toBe(201);
    expect((await o.settled(res.body.payment_id, buyer.token)).status).toBe('SUCCESS');
    const tickets = await o.ticketsOf(buyer, res.body.payment_id, quantity);
    return { paymentId: res.body.payment_id, passports: tickets.map((t) => t.passport) };
  }

  beforeAll(async () => {
    p = await startPlatform({
      env: {
        LOG_LEVEL: 'error',
        PURCHASE_RATE_LIMIT_PER_MINUTE: '100000',
        LOGIN_RATE_LIMIT_PER_CLIENT: '100000',
      },
    });
    admin = await loginAdmin(p);
    o = orders(p);
  }, 180_000);

  afterAll(async () => {
    stack('start', 'kafka');
    await p?.stop();
  });

  it('two types; three of one in one order and one email; one refunded; the event cancelled: everyone refunded and told once', async () => {
    const eventId = await o.createEvent(admin, 10, [{ name: 'VIP', price: 120, capacity: 5 }]);
    const buyer = await newBuyer(p);
    const event = await o.event(eventId, buyer.token);
    expect(event.body.ticket_types.map((t) => [t.name, t.is_default, t.available])).toEqual([
      [expect.any(String), true, 10],
      ['VIP', false, 5],
    ]);
    expect(event.body.available).toBe(15);
    const vip = event.body.ticket_types.find((t) => t.name === 'VIP')!;

    // Three VIP seats: one payment of 3 × 120, three tickets, one ticket email with three QR codes.
    const bought = await o.order(buyer, eventId, { quantity: 3, ticket_type_id: vip.id });
    expect(bought.status).toBe(201);
    const paymentId = bought.body.payment_id;
    const paid = await o.settled(paymentId, buyer.token);
    expect(paid).toMatchObject({ status: 'SUCCESS', amount: 360, quantity: 3 });
    const tickets = await o.ticketsOf(buyer, paymentId, 3);
    const passports = tickets.map((t) => t.passport);
    expect(new Set(passports).size).toBe(3);
    const [ticketMail] = await mailsMatching(buyer.email, ORDER_SUBJECT, 1);
    expect((await qrPassports(ticketMail!.ID)).sort()).toEqual([...passports].sort());
    expect(
      (await o.event(eventId, buyer.token)).body.ticket_types.find((t) => t.id === vip.id)!.available,
    ).toBe(2);

    // One ticket refunded: its money and seat come back, its check-in is refused, the others pass.
    const refund = await o.refund(paymentId, buyer.token, [passports[0]!]);
    expect(refund.status).toBe(201);
    expect(refund.body).toMatchObject({ quantity: 1, amount: 120, payment_status: 'PARTIALLY_REFUNDED' });
    expect(await mailsMatching(buyer.email, REFUND_SUBJECT, 1)).toHaveLength(1);
    await eventually(
      async () =>
        (await o.event(eventId, buyer.token)).body.ticket_types.find((t) => t.id === vip.id)!.available,
      (n) => n === 3,
    );
    const staff = await staffMember();
    expect((await o.checkIn(passports[0]!, staff)).body.code).toBe('TICKET_VOIDED');
    expect((await o.checkIn(passports[1]!, staff)).status).toBe(200);
    expect((await o.checkIn(passports[2]!, staff)).status).toBe(200);
    expect((await o.payment(paymentId, buyer.token)).body).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      refunded_quantity: 1,
      refunded_amount: 120,
    });

    // A second buyer on the default type, then the admin cancels: sales stop at once.
    const other = await newBuyer(p);
    const second = await paidOrder(other, eventId, 1);
    const cancelled = await http<{ status: string }>(
      'POST',
      `${p.url.events}/events/admin/${eventId}/cancel`,
      {
        token: admin,
        body: { reason: 'storm' },
      },
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    const late = await o.order(await newBuyer(p), eventId);
    expect([late.status, late.body.code]).toEqual([409, 'EVENT_CANCELLED']);

    // Every paid order is refunded whole and every buyer gets one cancellation email.
    expect((await o.settled(paymentId, buyer.token, 'REFUNDED')).refunded_amount).toBe(360);
    expect((await o.settled(second.paymentId, other.token, 'REFUNDED')).refunded_amount).toBe(50);
    expect(await mailsMatching(buyer.email, CANCEL_SUBJECT, 1)).toHaveLength(1);
    expect(await mailsMatching(other.email, CANCEL_SUBJECT, 1)).toHaveLength(1);
    expect((await o.checkIn(second.passports[0]!, staff)).body.code).toBe('TICKET_VOIDED');

    const sales = await http<{ totals: { sold: number; refunded: number; revenue: number } }>(
      'GET',
      `${p.url.events}/events/admin/${eventId}/sales`,
      { token: admin },
    );
    expect(sales.status).toBe(200);
    await eventually(
      async () =>
        (
          await http<{ totals: { sold: number; refunded: number; revenue: number } }>(
            'GET',
            `${p.url.events}/events/admin/${eventId}/sales`,
            { token: admin },
          )
        ).body.totals,
      (t) => t.sold === 0 && t.refunded === 4 && t.revenue === 0,
    );
  }, 300_000);

  it('the last two seats, three buyers asking for two each at once: one order', async () => {
    const eventId = await o.createEvent(admin, 2);
    const buyers = await Promise.all([newBuyer(p), newBuyer(p), newBuyer(p)]);
    const answers = await Promise.all(buyers.map((b) => o.order(b, eventId, { quantity: 2 })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409)) expect(refused.body.code).toBe('SOLD_OUT');
    const winner = buyers[answers.findIndex((a) => a.status === 201)]!;
    expect(
      (await o.settled(answers.find((a) => a.status === 201)!.body.payment_id, winner.token)).status,
    ).toBe('SUCCESS');
    expect((await o.event(eventId, winner.token)).body.available).toBe(0);
  }, 180_000);

  it('a refund and a check-in of the same ticket at once: exactly one wins, every time', async () => {
    const eventId = await o.createEvent(admin, 100);
    const staff = await staffMember();
    const buyer = await newBuyer(p);
    for (let round = 0; round < 5; round += 1) {
      const { paymentId, passports } = await paidOrder(buyer, eventId, 1);
      const [refund, checkIn] = await Promise.all([
        o.refund(paymentId, buyer.token, passports),
        o.checkIn(passports[0]!, staff),
      ]);
      const outcome = [refund.status, checkIn.status];
      expect([JSON.stringify([201, 409]), JSON.stringify([409, 200])]).toContain(JSON.stringify(outcome));
      if (refund.status === 201) expect(checkIn.body.code).toBe('TICKET_VOIDED');
      else expect(refund.body.code).toBe('TICKET_CHECKED_IN');
      const payment = (await o.payment(paymentId, buyer.token)).body;
      expect(payment.status).toBe(refund.status === 201 ? 'REFUNDED' : 'SUCCESS');
    }
  }, 300_000);

  it('two refunds of one order at once: one refund, one email', async () => {
    const eventId = await o.createEvent(admin, 100);
    const buyer = await newBuyer(p);
    const { paymentId } = await paidOrder(buyer, eventId, 2);
    const answers = await Promise.all([o.refund(paymentId, buyer.token), o.refund(paymentId, buyer.token)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(['REFUND_IN_PROGRESS', 'ALREADY_REFUNDED']).toContain(
      answers.find((a) => a.status === 409)!.body.code,
    );
    expect((await o.payment(paymentId, buyer.token)).body).toMatchObject({
      status: 'REFUNDED',
      refunded_quantity: 2,
      refunded_amount: 100,
    });
    expect(await mailsMatching(buyer.email, REFUND_SUBJECT, 1)).toHaveLength(1);
  }, 180_000);

  it('Kafka stopped during a cancellation storm: every order refunded once, every email once', async () => {
    const eventId = await o.createEvent(admin, 100);
    const buyers = await Promise.all(Array.from({ length: 6 }, () => newBuyer(p)));
    const paid = await Promise.all(buyers.map((b) => paidOrder(b, eventId, 1)));
    stack('stop', 'kafka');
    try {
      const cancelled = await http('POST', `${p.url.events}/events/admin/${eventId}/cancel`, {
        token: admin,
      });
      expect(cancelled.status).toBe(200);
      // Asked again while the message cannot leave: still one cancellation.
      expect(
        (await http('POST', `${p.url.events}/events/admin/${eventId}/cancel`, { token: admin })).status,
      ).toBe(200);
      await sleep(10_000);
    } finally {
      stack('start', 'kafka');
    }
    for (const [i, buyer] of buyers.entries()) {
      const payment = await o.settled(paid[i]!.paymentId, buyer.token, 'REFUNDED', 240_000);
      expect(payment.refunded_amount).toBe(50);
    }
    for (const buyer of buyers) {
      expect(await mailsMatching(buyer.email, CANCEL_SUBJECT, 1, 0)).toHaveLength(1);
    }
    await sleep(5000); // a duplicate would arrive now
    for (const buyer of buyers) {
      expect((await mailTo(buyer.email)).filter((m) => CANCEL_SUBJECT.test(m.Subject))).toHaveLength(1);
    }
  }, 420_000);

  it("the original's request body buys one seat of the default type, exactly as before", async () => {
    const eventId = await o.createEvent(admin, 3);
    const buyer = await newBuyer(p);
    const res = await http<{ payment_id: string; status: string }>('POST', `${p.url.payments}/payments`, {
      token: buyer.token,
      body: {
        user_name: 'Ana',
        user_email: buyer.email,
        event_id: String(eventId),
        payment_token: 'TOKEN123',
        user_language: 'en',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ payment_id: expect.any(String), status: 'PENDING' });
    expect(await o.settled(res.body.payment_id, buyer.token)).toMatchObject({
      status: 'SUCCESS',
      amount: 50,
      quantity: 1,
    });
    expect(await o.ticketsOf(buyer, res.body.payment_id, 1)).toHaveLength(1);
    expect((await o.event(eventId, buyer.token)).body.available).toBe(2);
  }, 180_000);
});
