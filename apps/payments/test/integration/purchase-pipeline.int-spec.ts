import { mailDetail, mailTo, readTopic, testKafka, eventually } from '@event-tickets/testing';
import { type Buyer, PaymentsStack, type PipelineTopic } from '../support/payments-stack';

/** The original's pipeline end to end within payments, with the real events app holding the seats. */
jest.setTimeout(180_000);

describe('purchase pipeline (Kafka, PostgreSQL, SMTP catcher, events app)', () => {
  let stack: PaymentsStack;
  let eventId: number;

  const message = async (topic: PipelineTopic, paymentId: string) => {
    const received = await readTopic(
      stack.topics[topic],
      (ms) => ms.some((m) => m.key === paymentId),
      60_000,
    );
    const found = received.filter((m) => m.key === paymentId);
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  const inbox = async (buyer: Buyer, count = 1) =>
    eventually(
      () => mailTo(buyer.email),
      (ms) => ms.length >= count,
      { timeoutMs: 60_000 },
    );

  beforeAll(async () => {
    stack = await PaymentsStack.start();
    eventId = await stack.createEvent({
      name: 'Summer Fest',
      description: 'Open air',
      price: 150.5,
      capacity: 10,
    });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('approves an even-length token: SUCCESS, every topic in order, the seat sold, one approval email', async () => {
    const buyer = await stack.buyer({ name: 'Ana' });
    // The body's event details are forged: the payloads must carry events' details instead.
    const res = await stack.purchase(buyer, eventId, {
      event_name: 'Forged',
      event_image_url: 'javascript:x',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ payment_id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'PENDING' });
    const paymentId = res.body.payment_id;

    const payment = await stack.settled(paymentId);
    expect(payment).toMatchObject({
      status: 'SUCCESS',
      amount: '150.50',
      currency: 'BRL',
      reason: null,
      user_id: buyer.id,
      event_id: String(eventId),
      event_name: 'Summer Fest',
    });
    const [transaction] = await stack.query(`SELECT status, reason FROM transactions WHERE payment_id = $1`, [
      paymentId,
    ]);
    expect(transaction).toEqual({ status: 'SUCCESS', reason: '-' });

    const created = await message('PAYMENT_CREATED_TOPIC', paymentId);
    // The token travels sealed (PAYMENT_TOKEN_KEYS); it opens to the buyer's token.
    const { payment_token: sealedToken } = created.json<{ payment_token: string }>();
    expect(sealedToken).toMatch(/^sealed:v1:/);
    expect(stack.openToken(sealedToken)).toBe('TOKEN123');
    expect(created.json()).toEqual({
      payment_id: paymentId,
      user_name: 'Ana',
      user_email: buyer.email,
      event_id: String(eventId),
      event_amount: 150.5,
      payment_token: sealedToken,
      event_name: 'Summer Fest',
      event_description: 'Open air',
      event_image_url: 'https://img.example.com/rir.png',
      user_language: 'en',
    });
    expect(created.headers).toMatchObject({
      'message-type': 'payments.payment-created',
      producer: 'payments',
    });
    const transactionCreated = (await message('TRANSACTION_CREATED_TOPIC', paymentId)).json();
    expect(transactionCreated).toMatchObject({
      transaction_id: expect.any(String),
      payment_id: paymentId,
      amount: 150.5,
      payment_token: expect.stringMatching(/^sealed:v1:/),
      event_name: 'Summer Fest',
    });
    expect(stack.openToken(transactionCreated.payment_token as string)).toBe('TOKEN123');
    expect((await message('TRANSACTION_SUCCEEDED_TOPIC', paymentId)).json()).toEqual({
      payment_id: paymentId,
      user_name: 'Ana',
      user_email: buyer.email,
      event_id: String(eventId),
      event_name: 'Summer Fest',
      event_description: 'Open air',
      event_image_url: 'https://img.example.com/rir.png',
      user_language: 'en',
    });
    const succeeded = await message('PAYMENT_SUCCEEDED_TOPIC', paymentId);
    expect(succeeded.json()).toEqual({
      user_name: 'Ana',
      user_email: buyer.email,
      event_id: String(eventId),
      event_name: 'Summer Fest',
      event_description: 'Open air',
      event_image_url: 'https://img.example.com/rir.png',
      user_language: 'en',
      payment_id: paymentId,
      amount: 150.5,
      currency: 'BRL',
      event_date: '2030-09-26T00:00:00.000Z',
      user_id: buyer.id,
    });
    expect(succeeded.headers['message-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(await stack.outboxCount(paymentId, 'PAYMENT_FAILED_TOPIC')).toBe(0);

    expect((await stack.holdBecomes(paymentId, 'SOLD'))?.status).toBe('SOLD');

    const mails = await inbox(buyer);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.Subject).toBe('Payment Approved =)');
    const detail = await mailDetail(mails[0]!.ID);
    expect(detail.Text.replace(/\r\n/g, '\n').trim()).toBe('Hello Ana.\nYour payment has been approved.');
    expect(detail.HTML).toContain('<p>Hello Ana.</p>');
    expect(detail.HTML).toContain('<p>Your payment has been approved.</p>');

    const view = await stack.call('GET', `/payments/${paymentId}`, undefined, buyer.token);
    expect(view.status).toBe(200);
    expect(view.body).toEqual({
      payment_id: paymentId,
      status: 'SUCCESS',
      amount: 150.5,
      currency: 'BRL',
      reason: null,
      event_id: String(eventId),
      // The order fields (added): one seat of the event's default type.
      quantity: 1,
      ticket_type_id: null,
      ticket_type_name: null,
      unit_price: 150.5,
      // Nothing refunded (added with refunds).
      refunded_quantity: 0,
      refunded_amount: 0,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
  });

  it("consumes with the original's four consumer groups", async () => {
    const admin = testKafka().admin();
    await admin.connect();
    try {
      const groups = (await admin.listGroups()).groups.map((g) => g.groupId);
      for (const name of [
        'group-payment-created',
        'group-transaction-created',
        'group-transaction-succeeded',
        'group-transaction-failed',
      ])
        expect(groups).toContain(`${stack.groupPrefix}${name}`);
    } finally {
      await admin.disconnect();
    }
  });

  it('rejects an odd-length token: FAILED with the reason, PAYMENT_FAILED, the seat released, one Portuguese email', async () => {
    const buyer = await stack.buyer({ name: 'Bia' });
    const before = (await stack.event(eventId)).available!;
    const res = await stack.purchase(buyer, eventId, { payment_token: 'ODD12', user_language: 'pt-BR' });
    expect(res.status).toBe(201);
    const paymentId = res.body.payment_id;

    const payment = await stack.settled(paymentId);
    expect(payment).toMatchObject({ status: 'FAILED', reason: 'transaction rejected by gateway' });
    expect((await message('TRANSACTION_FAILED_TOPIC', paymentId)).json()).toEqual({
      payment_id: paymentId,
      user_name: 'Bia',
      user_email: buyer.email,
      user_language: 'pt-BR',
      event_id: String(eventId),
      reason: 'transaction rejected by gateway',
    });
    expect((await message('PAYMENT_FAILED_TOPIC', paymentId)).json()).toEqual({
      payment_id: paymentId,
      event_id: String(eventId),
      user_email: buyer.email,
      reason: 'transaction rejected by gateway',
    });
    expect(await stack.outboxCount(paymentId, 'PAYMENT_SUCCEEDED_TOPIC')).toBe(0);

    expect((await stack.holdBecomes(paymentId, 'RELEASED'))?.status).toBe('RELEASED');
    expect((await stack.event(eventId)).available).toBe(before);

    const mails = await inbox(buyer);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.Subject).toBe('Pagamento Rejeitado =(');
    const detail = await mailDetail(mails[0]!.ID);
    expect(detail.Text.replace(/\r\n/g, '\n').trim()).toBe(
      'Olá Bia.\nSeu pagamento foi rejeitado, porfavor tente novamente.',
    );
    expect(detail.HTML).not.toContain('\\n');
  });

  it('fails an empty token as invalid payment data, and escapes the name in the email', async () => {
    const buyer = await stack.buyer({ name: '<b>Eve</b> & "co"' });
    const res = await stack.purchase(buyer, eventId, {
      payment_token: '',
      event_amount: undefined,
      user_language: 'xx',
    });
    expect(res.status).toBe(201);
    const payment = await stack.settled(res.body.payment_id);
    expect(payment).toMatchObject({ status: 'FAILED', reason: 'invalid payment data' });
    const mails = await inbox(buyer);
    expect(mails[0]!.Subject).toBe('Payment Rejected =(');
    const detail = await mailDetail(mails[0]!.ID);
    expect(detail.HTML).toContain('Hello &lt;b&gt;Eve&lt;/b&gt; &amp; &quot;co&quot;.');
    expect(detail.HTML).not.toContain('<b>Eve</b>');
    expect(detail.Text).toContain('Hello <b>Eve</b> & "co".');
  });
});
