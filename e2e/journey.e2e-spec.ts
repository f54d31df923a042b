import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import {
  eventually,
  http,
  mailDetail,
  mailPart,
  mailTo,
  type Platform,
  startPlatform,
} from '@event-tickets/testing';
import { createEvent as createShow, loginAdmin, newBuyer as buyer } from './purchases';

/** The whole platform as `npm start` runs it: a buyer, an organiser and the gate staff. */
describe('the user journey across the six apps', () => {
  let p: Platform;
  let adminToken: string;

  const newBuyer = async (language = 'en') => ({ ...(await buyer(p)), name: 'Ana <b>Souza</b>', language });
  const createEvent = (capacity: number) => createShow(p, adminToken, capacity);
  const pay = (buyer: Awaited<ReturnType<typeof newBuyer>>, eventId: number, token: string) =>
    http<{ payment_id: string; status: string }>('POST', `${p.url.payments}/payments`, {
      token: buyer.token,
      body: {
        user_name: buyer.name,
        user_email: buyer.email,
        event_id: String(eventId),
        payment_token: token,
        user_language: buyer.language,
      },
    });
  const paymentStatus = (id: string, token: string) =>
    eventually(
      async () =>
        (await http<{ status: string }>('GET', `${p.url.payments}/payments/${id}`, { token })).body.status,
      (s) => s !== 'PENDING',
      { timeoutMs: 60_000 },
    );
  const available = async (eventId: number, token: string) =>
    (await http<{ available: number }>('GET', `${p.url.events}/events/${eventId}`, { token })).body.available;
  const mails = (email: string, count: number) =>
    eventually(
      () => mailTo(email),
      (m) => m.length >= count,
      { timeoutMs: 60_000 },
    );

  beforeAll(async () => {
    p = await startPlatform();
    adminToken = await loginAdmin(p);
  }, 180_000);

  afterAll(async () => {
    await p?.stop();
  });

  it('register → log in → admin creates an event → browse → pay → emails, ticket, client, lead → check-in once', async () => {
    const buyer = await newBuyer('en');
    const eventId = await createEvent(2);
    const list = await http<{ events: { id: number }[] }>('GET', `${p.url.events}/events?page=1&size=100`, {
      token: buyer.token,
    });
    expect(list.status).toBe(200);
    expect(await available(eventId, buyer.token)).toBe(2);

    const payment = await pay(buyer, eventId, 'TOKEN123');
    expect(payment.status).toBe(201);
    expect(payment.body).toEqual({ payment_id: expect.any(String), status: 'PENDING' });
    expect(await paymentStatus(payment.body.payment_id, buyer.token)).toBe('SUCCESS');

    const received = await mails(buyer.email, 2);
    const subjects = received.map((m) => m.Subject).sort();
    expect(subjects).toEqual(['Payment Approved =)', 'Your ticket is here =)']);
    const ticketMail = await mailDetail(received.find((m) => m.Subject === 'Your ticket is here =)')!.ID);
    expect(ticketMail.HTML).toContain('Ana &lt;b&gt;Souza&lt;/b&gt;');
    expect(ticketMail.HTML).not.toContain('<b>Souza</b>');

    const tickets = await eventually(
      async () =>
        (
          await http<{ passport: string }[]>(
            'GET',
            `${p.url.tickets}/tickets?email=${encodeURIComponent(buyer.email)}`,
            { token: buyer.token },
          )
        ).body,
      (t) => Array.isArray(t) && t.length === 1,
    );
    const passport = tickets[0]!.passport;
    expect(ticketMail.Text).toContain(passport);
    const qr = [...ticketMail.Inline, ...ticketMail.Attachments].find(
      (part) => part.ContentType === 'image/png',
    )!;
    const png = PNG.sync.read(await mailPart(ticketMail.ID, qr.PartID));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(passport);

    const client = await eventually(
      () =>
        http('GET', `${p.url.clients}/clients?email=${encodeURIComponent(buyer.email)}`, {
          token: buyer.token,
        }),
      (r) => r.status === 200,
    );
    expect(client.body).toMatchObject({ email: buyer.email, id: expect.any(String) });
    const lead = await eventually(
      () =>
        http<{ converted: boolean }>('GET', `${p.url.marketing}/leads/${encodeURIComponent(buyer.email)}`, {
          token: adminToken,
        }),
      (r) => r.status === 200 && r.body.converted === true,
    );
    expect(lead.body.converted).toBe(true);
    await eventually(
      () => available(eventId, buyer.token),
      (n) => n === 1,
    );

    const first = await http('POST', `${p.url.tickets}/tickets/${passport}/check-in`, { token: adminToken });
    expect(first.status).toBe(200);
    const second = await http('POST', `${p.url.tickets}/tickets/${passport}/check-in`, { token: adminToken });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ message: 'ticket already checked in' });
  }, 180_000);

  it('a rejecting token: the rejection email, the seat back on sale, no ticket, no client', async () => {
    const buyer = await newBuyer('en');
    const eventId = await createEvent(1);
    const payment = await pay(buyer, eventId, 'ODD12');
    expect(payment.status).toBe(201);
    expect(await available(eventId, buyer.token)).toBe(0);
    expect(await paymentStatus(payment.body.payment_id, buyer.token)).toBe('FAILED');
    const received = await mails(buyer.email, 1);
    expect(received.map((m) => m.Subject)).toEqual(['Payment Rejected =(']);
    expect(
      await eventually(
        () => available(eventId, buyer.token),
        (n) => n === 1,
      ),
    ).toBe(1);
    await new Promise((r) => setTimeout(r, 3000));
    expect(
      (
        await http('GET', `${p.url.tickets}/tickets?email=${encodeURIComponent(buyer.email)}`, {
          token: buyer.token,
        })
      ).body,
    ).toEqual([]);
    expect(
      (
        await http('GET', `${p.url.clients}/clients?email=${encodeURIComponent(buyer.email)}`, {
          token: buyer.token,
        })
      ).status,
    ).toBe(404);
    expect(await mailTo(buyer.email)).toHaveLength(1);
  }, 120_000);

  it('a sold-out event: 409 and nothing else happens', async () => {
    const [first, second] = [await newBuyer(), await newBuyer()];
    const eventId = await createEvent(1);
    expect((await pay(first, eventId, 'TOKEN123')).status).toBe(201);
    const refused = await pay(second, eventId, 'TOKEN123');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ message: 'event is sold out' });
    await mails(first.email, 2);
    await new Promise((r) => setTimeout(r, 2000));
    expect(await mailTo(second.email)).toHaveLength(0);
    expect(
      (
        await http('GET', `${p.url.clients}/clients?email=${encodeURIComponent(second.email)}`, {
          token: second.token,
        })
      ).status,
    ).toBe(404);
  }, 120_000);

  it('a Portuguese buyer gets Portuguese emails', async () => {
    const buyer = await newBuyer('pt-BR');
    const eventId = await createEvent(5);
    const payment = await pay(buyer, eventId, 'TOKEN123');
    expect(payment.status).toBe(201);
    const received = await mails(buyer.email, 2);
    expect(received.map((m) => m.Subject).sort()).toEqual(['Pagamento Aprovado =)', 'Seu ticket chegou =)']);
    const approval = await mailDetail(received.find((m) => m.Subject === 'Pagamento Aprovado =)')!.ID);
    expect(approval.Text).toContain('Seu pagamento foi aprovado');
  }, 120_000);
});
