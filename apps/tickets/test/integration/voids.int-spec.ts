import { randomUUID } from 'node:crypto';
import { eventually, produce } from '@event-tickets/testing';
import { IssueTicketUseCase, type SendTicket } from '../../src/tickets/issue-ticket.use-case';
import {
  type ErrorJson,
  startTicketsApp,
  ticketPayload,
  type TicketJson,
  type TicketsTestApp,
  tokenFor,
} from '../support/tickets-app';

interface VoidJson {
  passports: string[];
  quantity: number;
}

describe('tickets: refunds void tickets; a void and a check-in of one ticket have one winner (Mongo-wire, Kafka)', () => {
  let t: TicketsTestApp;
  let admin: string;
  let staff: string;

  beforeAll(async () => {
    t = await startTicketsApp();
    admin = await tokenFor('admin@example.com', 'ADMIN');
    staff = await tokenFor('door@example.com', 'STAFF');
  });
  afterAll(async () => {
    await t?.close();
  });

  /** An order of `quantity` tickets issued as the consumer does; its payment id and passports (seat order). */
  const order = async (quantity: number) => {
    const payload = ticketPayload({ quantity, userId: 'user-ana' }) as SendTicket;
    await t.app.app.get(IssueTicketUseCase).execute(payload, randomUUID());
    const docs = await t.tickets.find({ paymentId: payload.paymentId }).sort({ seat: 1 }).lean();
    return { paymentId: payload.paymentId!, passports: docs.map((d) => d.passport) };
  };
  const voids = (paymentId: string, body: unknown, token = t.internalToken) =>
    t.post<VoidJson & ErrorJson>(`/internal/payments/${paymentId}/voids`, body, token);
  const checkIn = (passport: string, token = staff) =>
    t.call<TicketJson & ErrorJson>('POST', `/tickets/${passport}/check-in`, token);

  it('takes the service token only: a user token, even an admin one, is refused', async () => {
    const { paymentId } = await order(1);
    expect((await voids(paymentId, { refund_id: 'r' }, admin)).status).toBe(403);
    expect((await t.post(`/internal/payments/${paymentId}/voids`, { refund_id: 'r' })).status).toBe(403);
    const bad = await voids(paymentId, { refund_id: 'r', passports: 'all' });
    expect(bad.status).toBe(400);
    expect((await voids(paymentId, {})).status).toBe(400);
  });

  it('void one of 3 → its check-in 409 TICKET_VOIDED, the others check in; idempotent per refund_id', async () => {
    const { paymentId, passports } = await order(3);
    const refund = { refund_id: randomUUID(), passports: [passports[1]] };
    const first = await voids(paymentId, refund);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ passports: [passports[1]], quantity: 1 });
    expect((await voids(paymentId, refund)).body).toEqual(first.body);

    const refused = await checkIn(passports[1]!);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('TICKET_VOIDED');
    expect(Date.parse(refused.body.details!.voidedAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect((await checkIn(passports[0]!)).status).toBe(200);
    expect((await checkIn(passports[2]!, admin)).status).toBe(200);

    const read = await t.call<TicketJson>('GET', `/tickets/${passports[1]}`, staff);
    expect(read.body).toMatchObject({ status: 'VOIDED', seat: 2, quantity: 3, checkedInAt: null });
    expect(read.body.voidedAt).toBe(refused.body.details!.voidedAt);
    const listed = await t.call<TicketJson[]>('GET', `/tickets?email=${read.body.email}`, staff);
    expect(listed.body.map((x) => x.status).sort()).toEqual(['CHECKED_IN', 'CHECKED_IN', 'VOIDED']);

    const other = await voids(paymentId, { refund_id: randomUUID(), passports: [passports[1]] });
    expect([other.status, other.body.code]).toEqual([409, 'TICKET_ALREADY_VOIDED']);
  });

  it("a checked-in ticket's void → 409 TICKET_CHECKED_IN and nothing of the refund voided", async () => {
    const { paymentId, passports } = await order(2);
    expect((await checkIn(passports[0]!)).status).toBe(200);
    const res = await voids(paymentId, { refund_id: randomUUID(), passports });
    expect([res.status, res.body.code]).toEqual([409, 'TICKET_CHECKED_IN']);
    expect((await checkIn(passports[1]!)).status).toBe(200);
  });

  it('the whole order skips checked-in tickets; then NOTHING_TO_REFUND; other orders → TICKET_NOT_FOUND', async () => {
    const { paymentId, passports } = await order(3);
    expect((await checkIn(passports[2]!)).status).toBe(200);
    const refundId = randomUUID();
    const whole = await voids(paymentId, { refund_id: refundId });
    expect(whole.body).toEqual({ passports: passports.slice(0, 2), quantity: 2 });
    expect((await voids(paymentId, { refund_id: refundId })).body).toEqual(whole.body);
    const again = await voids(paymentId, { refund_id: randomUUID() });
    expect([again.status, again.body.code]).toEqual([409, 'NOTHING_TO_REFUND']);

    const stranger = await voids(paymentId, { refund_id: randomUUID(), passports: [randomUUID()] });
    expect([stranger.status, stranger.body.code]).toEqual([404, 'TICKET_NOT_FOUND']);
  });

  it('fewer tickets than the quantity, or none → 409 TICKETS_NOT_ISSUED', async () => {
    const none = await voids(randomUUID(), { refund_id: randomUUID() });
    expect([none.status, none.body.code]).toEqual([409, 'TICKETS_NOT_ISSUED']);
    const { paymentId, passports } = await order(3);
    await t.tickets.deleteOne({ passport: passports[2] });
    const partial = await voids(paymentId, { refund_id: randomUUID(), passports: [passports[0]] });
    expect([partial.status, partial.body.code]).toEqual([409, 'TICKETS_NOT_ISSUED']);
  });

  it('a void and a check-in of the same ticket at once, 20 rounds → exactly one wins each time', async () => {
    for (let round = 0; round < 20; round += 1) {
      const { paymentId, passports } = await order(1);
      const [voided, checkedIn] = await Promise.all([
        voids(paymentId, { refund_id: randomUUID(), passports }),
        checkIn(passports[0]!),
      ]);
      const outcome = [voided.status, checkedIn.status];
      expect([
        [200, 409],
        [409, 200],
      ]).toContainEqual(outcome);
      if (voided.status === 200) expect(checkedIn.body.code).toBe('TICKET_VOIDED');
      else expect(voided.body.code).toBe('TICKET_CHECKED_IN');
      const stored = await eventually(
        () => t.tickets.findOne({ passport: passports[0] }).lean(),
        (d) => Boolean(d?.voidedAt ?? d?.checkedInAt),
      );
      expect(Boolean(stored!.voidedAt) !== Boolean(stored!.checkedInAt)).toBe(true);
    }
  }, 120_000);

  it('PAYMENT_REFUNDED voids its passports (already voided: nothing changes)', async () => {
    const { paymentId, passports } = await order(2);
    const refundId = randomUUID();
    const message = (id: string, p: string[]) => ({
      refund_id: id,
      payment_id: paymentId,
      event_id: '42',
      quantity: p.length,
      passports: p,
      amount: 50,
      currency: 'BRL',
      reason: 'buyer',
      payment_status: 'PARTIALLY_REFUNDED',
      user_email: 'ana@example.com',
    });
    expect((await voids(paymentId, { refund_id: refundId, passports: [passports[0]] })).status).toBe(200);
    const before = await t.tickets.findOne({ passport: passports[0] }).lean();
    await produce(t.refundedTopic, [
      { key: paymentId, value: JSON.stringify(message(refundId, [passports[0]!])) },
      { key: paymentId, value: JSON.stringify(message(randomUUID(), [passports[1]!])) },
    ]);
    const after = await eventually(
      () => t.tickets.find({ paymentId }).sort({ seat: 1 }).lean(),
      (docs) => docs.every((d) => d.voidedAt),
      { timeoutMs: 60_000 },
    );
    expect(after[0]!.voidedAt).toEqual(before!.voidedAt);
    expect(after[0]!.refundId).toBe(refundId);
    expect((await checkIn(passports[1]!)).body.code).toBe('TICKET_VOIDED');
  });

  it('documents the voids route and the new ticket fields in Swagger', async () => {
    interface Doc {
      paths: Record<string, { post?: { requestBody?: unknown } }>;
      components: { schemas: Record<string, { properties: Record<string, { type?: string }> }> };
    }
    const doc = (await (await fetch(`${t.app.url}/api-json`)).json()) as Doc;
    expect(doc.paths['/internal/payments/{paymentId}/voids']?.post?.requestBody).toBeDefined();
    expect(doc.components.schemas.VoidTicketsRequest!.properties.passports).toMatchObject({ type: 'array' });
    expect(Object.keys(doc.components.schemas.TicketResponse!.properties)).toEqual(
      expect.arrayContaining(['status', 'voidedAt', 'seat', 'quantity', 'ticketTypeId', 'ticketTypeName']),
    );
  });

  it('STAFF check in and read, but may not resend', async () => {
    const { passports } = await order(1);
    const resend = await t.call<ErrorJson>('POST', `/tickets/${passports[0]}/resend`, staff);
    expect([resend.status, resend.body.code]).toEqual([403, 'NOT_YOUR_TICKET']);
    expect((await t.call('GET', `/tickets/${passports[0]}`, staff)).status).toBe(200);
  });
});
