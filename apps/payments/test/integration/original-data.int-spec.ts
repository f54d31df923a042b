import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, postgresSnapshot, produce, queryDatabase } from '@event-tickets/testing';
import { PaymentsStack } from '../support/payments-stack';

jest.setTimeout(180_000);

const ORIGINAL_SCHEMA = readFileSync(join(__dirname, '../fixtures/original-schema.sql'), 'utf8');

const PAID = '6f1c2a52-8d0e-4c1e-9a57-0a9b7c1d2e01';
const REJECTED = '6f1c2a52-8d0e-4c1e-9a57-0a9b7c1d2e02';
const INVALID = '6f1c2a52-8d0e-4c1e-9a57-0a9b7c1d2e03';
const PENDING = '6f1c2a52-8d0e-4c1e-9a57-0a9b7c1d2e04';

/**
 * Rows as the original's repositories wrote them: the payment (email, free-text event id, amount),
 * then its transaction PENDING with reason "-", then both updated to the gateway's outcome (a
 * success keeps "-"). Its `amount` 0 was accepted and failed at the gateway.
 */
const ORIGINAL_ROWS = `
  INSERT INTO payments (id, user_email, status, event_id, amount, created_at, updated_at) VALUES
    ('${PAID}', 'ana@example.com', 'SUCCESS', '1', 150.50, '2024-05-01 10:00:00+00', '2024-05-01 10:00:02+00'),
    ('${REJECTED}', 'bia@example.com', 'FAILED', '1', 150.50, '2024-05-01 11:00:00+00', '2024-05-01 11:00:02+00'),
    ('${INVALID}', 'caio@example.com', 'FAILED', 'rock-in-rio', 0, '2024-05-01 12:00:00+00', '2024-05-01 12:00:02+00'),
    ('${PENDING}', 'duda@example.com', 'PENDING', '2', 99.99, '2024-05-01 13:00:00+00', '2024-05-01 13:00:00+00');
  INSERT INTO transactions (id, status, payment_id, reason) VALUES
    ('7a000000-0000-4000-8000-000000000001', 'SUCCESS', '${PAID}', '-'),
    ('7a000000-0000-4000-8000-000000000002', 'FAILED', '${REJECTED}', 'transaction rejected by gateway'),
    ('7a000000-0000-4000-8000-000000000003', 'FAILED', '${INVALID}', 'invalid payment data'),
    ('7a000000-0000-4000-8000-000000000004', 'PENDING', '${PENDING}', '-');`;

const ORIGINAL_VALUES = {
  payments: `SELECT id, user_email, status, event_id, amount::text AS amount,
                    extract(epoch FROM created_at)::text AS created_at, extract(epoch FROM updated_at)::text AS updated_at
               FROM payments WHERE id::text LIKE '6f1c2a52-%' ORDER BY id`,
  transactions: `SELECT id, status, payment_id, reason, created_at, updated_at FROM transactions
                  WHERE payment_id::text LIKE '6f1c2a52-%' ORDER BY id`,
};

describe("payments on the original's data", () => {
  let stack: PaymentsStack;
  const before: Record<string, unknown[]> = {};
  const values = async (db: string) => ({
    payments: await queryDatabase(db, ORIGINAL_VALUES.payments),
    transactions: await queryDatabase(db, ORIGINAL_VALUES.transactions),
  });

  beforeAll(async () => {
    stack = await PaymentsStack.start({
      seedPayments: async (db) => {
        await queryDatabase(db, ORIGINAL_SCHEMA);
        await queryDatabase(db, ORIGINAL_ROWS);
        Object.assign(before, await values(db));
      },
    });
  });
  afterAll(() => stack?.close());

  it('migrates at start without loss', async () => {
    expect(before.payments).toHaveLength(4);
    expect(await values(stack.paymentsDb.name)).toEqual(before);
  });

  it('reads the old payments (admins: they have no account), with the reason the original kept', async () => {
    const get = (id: string) => stack.call('GET', `/payments/${id}`, undefined, stack.adminToken);
    expect((await get(PAID)).body).toMatchObject({
      payment_id: PAID,
      status: 'SUCCESS',
      amount: 150.5,
      event_id: '1',
      quantity: 1,
      unit_price: 150.5,
      refunded_quantity: 0,
      reason: null,
      created_at: '2024-05-01T10:00:00.000Z',
      updated_at: '2024-05-01T10:00:02.000Z',
    });
    expect((await get(REJECTED)).body).toMatchObject({
      status: 'FAILED',
      reason: 'transaction rejected by gateway',
    });
    expect((await get(INVALID)).body).toMatchObject({
      status: 'FAILED',
      amount: 0,
      event_id: 'rock-in-rio',
      reason: 'invalid payment data',
    });
    expect((await get(PENDING)).body).toMatchObject({ status: 'PENDING', amount: 99.99, reason: null });
    const buyer = await stack.buyer({ email: 'ana@example.com' });
    expect((await stack.call('GET', `/payments/${PAID}`, undefined, buyer.token)).status).toBe(403);
  });

  it('takes a new purchase beside them, through to its approval email', async () => {
    const eventId = await stack.createEvent({ price: 40, capacity: 10 });
    const buyer = await stack.buyer({ email: 'ana@example.com' });
    const res = await stack.purchase(buyer, eventId, { event_amount: 40 });
    expect(res.status).toBe(201);
    expect(await stack.settled(res.body.payment_id)).toMatchObject({ status: 'SUCCESS', amount: '40.00' });
    await eventually(
      () =>
        stack.query<{ status: string }>(`SELECT status FROM emails WHERE payment_id = $1`, [
          res.body.payment_id,
        ]),
      (rows) => rows.length === 1 && rows[0]!.status === 'SENT',
      { timeoutMs: 60_000 },
    );
    expect(await stack.query(`SELECT count(*)::int AS n FROM payments`)).toEqual([{ n: 5 }]);
  });

  it('settles a payment the original left PENDING from its TRANSACTION_SUCCEEDED, named as the message says', async () => {
    const outcome = {
      payment_id: PENDING,
      user_name: 'Duda',
      user_email: 'duda@example.com',
      event_id: '2',
      event_name: 'Samba night',
      event_description: 'Live',
      event_image_url: 'https://img.example.com/s.png',
      user_language: 'pt',
    };
    // As the original's payments produced it: no headers, a random key.
    await produce(stack.topics.TRANSACTION_SUCCEEDED_TOPIC, [
      { key: randomUUID(), value: JSON.stringify(outcome) },
    ]);
    expect(await stack.settled(PENDING)).toMatchObject({
      status: 'SUCCESS',
      amount: '99.99',
      user_name: 'Duda',
      user_language: 'pt',
      event_name: 'Samba night',
    });
    const [email] = await stack.query(`SELECT kind, recipient, subject FROM emails WHERE payment_id = $1`, [
      PENDING,
    ]);
    expect(email).toEqual({
      kind: 'APPROVED',
      recipient: 'duda@example.com',
      subject: 'Pagamento Aprovado =)',
    });
    const [message] = await stack.query<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM outbox_messages WHERE key = $1 AND topic = $2`,
      [PENDING, stack.topics.PAYMENT_SUCCEEDED_TOPIC],
    );
    expect(message!.payload).toMatchObject({ ...outcome, payment_id: PENDING, amount: 99.99 });
    // Sent and published before the next test stops the app.
    await eventually(
      () =>
        stack.query(
          `SELECT 1 FROM emails WHERE status <> 'SENT' UNION ALL SELECT 1 FROM outbox_messages WHERE published_at IS NULL`,
        ),
      (rows) => rows.length === 0,
      { timeoutMs: 60_000 },
    );
  });

  it('changes nothing at a second start, and runs no migration again', async () => {
    await stack.payments.close();
    const first = await postgresSnapshot(stack.paymentsDb.name);
    await stack.startPaymentsAgain();
    await stack.payments.close();
    expect(await postgresSnapshot(stack.paymentsDb.name)).toEqual(first);
    await stack.startPaymentsAgain();
  });
});
