import { randomUUID } from 'node:crypto';
import { eventually, produce, queryDatabase } from '@event-tickets/testing';
import { createEvent, startEventsApp, type EventsTestApp } from '../support/events-app';

describe('sales per event (ADMIN)', () => {
  let t: EventsTestApp;
  const hold = (id: number, payment_id: string, extra: Record<string, unknown> = {}) =>
    t.internal('POST', `/internal/events/${id}/holds`, { payment_id, ...extra });
  const confirm = (paymentId: string) => t.internal('POST', `/internal/holds/${paymentId}/confirm`);

  beforeAll(async () => {
    t = await startEventsApp();
  });
  afterAll(() => t?.close());

  it('reports sold, held, refunded, available and revenue per type and in total', async () => {
    const id = await createEvent(t, {
      capacity: 10,
      price: 10.1,
      ticket_types: [{ name: 'VIP', price: 99.99, capacity: 4 }],
    });
    const vip = (
      await queryDatabase<{ id: number }>(
        t.db,
        `SELECT id FROM ticket_types WHERE event_id = $1 AND NOT is_default`,
        [id],
      )
    )[0]!.id;
    expect((await hold(id, 's-ga', { quantity: 3 })).status).toBe(201);
    expect((await confirm('s-ga')).status).toBe(200);
    expect((await hold(id, 's-vip', { quantity: 2, ticket_type_id: vip })).status).toBe(201);
    expect((await confirm('s-vip')).status).toBe(200);
    expect((await hold(id, 's-held', { ticket_type_id: vip })).status).toBe(201);
    const messageId = randomUUID();
    await produce(t.topics.refunded, [
      {
        key: 's-vip',
        value: JSON.stringify({
          refund_id: 'r1',
          payment_id: 's-vip',
          event_id: String(id),
          ticket_type_id: String(vip),
          quantity: 1,
          amount: 99.99,
          reason: 'admin',
          payment_status: 'PARTIALLY_REFUNDED',
          user_email: 'ana@example.com',
        }),
        headers: { 'message-id': messageId },
      },
    ]);
    await eventually(
      () => queryDatabase(t.db, `SELECT 1 FROM inbox_messages WHERE message_id = $1`, [messageId]),
      (r) => r.length === 1,
    );

    const res = await t.call('GET', `/events/admin/${id}/sales`, undefined, t.adminToken);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      event_id: id,
      status: 'ON_SALE',
      currency: 'BRL',
      types: [
        {
          id: expect.any(Number),
          name: 'General admission',
          price: 10.1,
          capacity: 10,
          sold: 3,
          held: 0,
          refunded: 0,
          available: 7,
          revenue: 30.3,
        },
        {
          id: vip,
          name: 'VIP',
          price: 99.99,
          capacity: 4,
          sold: 1,
          held: 1,
          refunded: 1,
          available: 2,
          revenue: 99.99,
        },
      ],
      totals: { sold: 4, held: 1, refunded: 1, revenue: 130.29 },
    });
    expect((await t.call('GET', `/events/admin/${id}/sales`, undefined, t.userToken)).status).toBe(403);
    expect((await t.call('GET', `/events/admin/999999/sales`, undefined, t.adminToken)).status).toBe(404);
  });
});
