import { eventually, http, type Platform, startPlatform } from '@event-tickets/testing';
import { burst, createEvent, loginAdmin, newBuyer, type Buyer } from './purchases';

interface Ticket {
  passport: string;
  paymentId: string | null;
}

/**
 * Tickets, client records and payments belong to the account that bought them, not to whoever holds
 * the email now: an account deleted and its email registered again by someone else gives the newcomer
 * nothing of the old owner's, while admins still see everything.
 */
describe('ownership by account: a deleted then re-registered email', () => {
  let p: Platform;
  let adminToken: string;
  const e = encodeURIComponent;

  const accountId = async (buyer: Buyer) =>
    (await http<{ id: string }>('GET', `${p.url.users}/users/me`, { token: buyer.token })).body.id;
  const ticketsOf = (email: string, token: string) =>
    http<Ticket[]>('GET', `${p.url.tickets}/tickets?email=${e(email)}&size=100`, { token });
  const ticketFor = async (buyer: Buyer, paymentId: string) =>
    (
      await eventually(
        () => ticketsOf(buyer.email, buyer.token),
        (r) => Array.isArray(r.body) && r.body.some((t) => t.paymentId === paymentId),
        { timeoutMs: 60_000 },
      )
    ).body.find((t) => t.paymentId === paymentId)!;
  const clientOf = (email: string, token: string) =>
    http<{ name?: string; email?: string; code?: string }>(
      'GET',
      `${p.url.clients}/clients?email=${e(email)}`,
      { token },
    );
  const paymentOf = (id: string, token: string) =>
    http<{ status: string; code?: string }>('GET', `${p.url.payments}/payments/${id}`, { token });

  beforeAll(async () => {
    p = await startPlatform({ env: { LOG_LEVEL: 'error' } });
    adminToken = await loginAdmin(p);
  }, 180_000);

  afterAll(async () => {
    await p?.stop();
  });

  it('A buys and reads its ticket, client and payment; A is deleted; B on the same email sees none of it', async () => {
    const eventId = await createEvent(p, adminToken, 10);
    const a = await newBuyer(p);
    const aId = await accountId(a);
    const [paymentId] = await burst(p, a, eventId, 1);
    expect(paymentId).toBeDefined();

    // A reads what it bought.
    const ticket = await ticketFor(a, paymentId!);
    expect(
      (await http('GET', `${p.url.tickets}/tickets/${ticket.passport}`, { token: a.token })).status,
    ).toBe(200);
    expect(
      (
        await eventually(
          () => clientOf(a.email, a.token),
          (r) => r.status === 200,
        )
      ).body.email,
    ).toBe(a.email);
    expect(
      (
        await eventually(
          () => paymentOf(paymentId!, a.token),
          (r) => r.body.status === 'SUCCESS',
        )
      ).status,
    ).toBe(200);

    // A is deleted; B registers the same email: a new account, a new id.
    expect((await http('DELETE', `${p.url.users}/users/${aId}`, { token: adminToken })).status).toBe(204);
    expect(
      (
        await http('POST', `${p.url.users}/users`, {
          body: { email: a.email, password: 'newcomer-password' },
        })
      ).status,
    ).toBe(201);
    const login = await http<{ token: string }>('POST', `${p.url.users}/users/token`, {
      body: { email: a.email, password: 'newcomer-password' },
    });
    expect(login.status).toBe(201);
    const b: Buyer = { email: a.email, token: login.body.token };
    expect(await accountId(b)).not.toBe(aId);

    // B gets nothing of A's: an empty list, 403 on the ticket, its resend and check-in, the client, the payment.
    const list = await ticketsOf(b.email, b.token);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([]);
    const passportPath = `${p.url.tickets}/tickets/${ticket.passport}`;
    const refused = [
      await http<{ code?: string }>('GET', passportPath, { token: b.token }),
      await http<{ code?: string }>('POST', `${passportPath}/resend`, { token: b.token }),
      await clientOf(b.email, b.token),
      await paymentOf(paymentId!, b.token),
    ];
    expect(refused.map((r) => [r.status, r.body.code])).toEqual([
      [403, 'NOT_YOUR_TICKET'],
      [403, 'NOT_YOUR_TICKET'],
      [403, 'NOT_YOUR_CLIENT'],
      [403, 'NOT_YOUR_PAYMENT'],
    ]);
    // Check-in is for the door staff (admins) only, and B never learnt the passport anyway.
    expect((await http('POST', `${passportPath}/check-in`, { token: b.token })).status).toBe(403);

    // Admins still see all of it, and A's passport still checks in at the door.
    const all = await ticketsOf(a.email, adminToken);
    expect(all.body.map((t) => t.passport)).toEqual([ticket.passport]);
    expect((await clientOf(a.email, adminToken)).status).toBe(200);
    expect((await paymentOf(paymentId!, adminToken)).status).toBe(200);
    expect((await http('POST', `${passportPath}/check-in`, { token: adminToken })).status).toBe(200);

    // B's own purchase is B's: its ticket alone in B's list, and the client record passes to B.
    const [bPayment] = await burst(p, b, eventId, 1);
    const bTicket = await ticketFor(b, bPayment!);
    expect((await ticketsOf(b.email, b.token)).body.map((t) => t.passport)).toEqual([bTicket.passport]);
    expect((await paymentOf(bPayment!, b.token)).status).toBe(200);
    await eventually(
      () => clientOf(b.email, b.token),
      (r) => r.status === 200,
      { timeoutMs: 60_000 },
    );
    expect((await ticketsOf(a.email, adminToken)).body).toHaveLength(2);
  }, 240_000);
});
