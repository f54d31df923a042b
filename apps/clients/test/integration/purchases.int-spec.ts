import { deadLetterTopic } from '@event-tickets/contracts';
import { PostgresOutboxRelay } from '@event-tickets/service-kit';
import { eventually, produce, queryDatabase, readTopic, type Received } from '@event-tickets/testing';
import { derivedMessageId } from '../../src/purchases/message-ids';
import {
  clientRows,
  type ClientsTestApp,
  originalPayment,
  ourPayment,
  outboxCount,
  paymentBody,
  producePayments,
  startClientsApp,
  unique,
} from '../support/clients-app';

const about = (email: string) => (m: Received) =>
  String(m.json().email).toLowerCase() === email.toLowerCase();
const capitalised = (email: string) => email.charAt(0).toUpperCase() + email.slice(1);

describe('PAYMENT_SUCCEEDED → client, CLIENT_CREATED and SEND_TICKET (PostgreSQL, Kafka)', () => {
  let t: ClientsTestApp;

  /** Every message of `topic` about `email`, once the marker buyer's message is there too. */
  const messagesAbout = async (topic: string, email: string, marker: string) => {
    const all = await readTopic(topic, (ms) => ms.some(about(marker)), 60_000);
    expect(all.some(about(marker))).toBe(true);
    return all.filter(about(email));
  };

  beforeAll(async () => {
    t = await startClientsApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('from our payments: one client, CLIENT_CREATED and SEND_TICKET with paymentId and eventDate', async () => {
    const email = capitalised(unique('ours'));
    const message = ourPayment(email);
    await producePayments(t, [message]);

    const tickets = (await readTopic(t.topics.sendTicket, (ms) => ms.some(about(email)), 60_000)).filter(
      about(email),
    );
    expect(tickets).toHaveLength(1);
    const ticket = tickets[0]!;
    expect(ticket.json()).toEqual({
      name: 'Ana',
      email,
      eventId: '42',
      eventName: 'Rock in Rio',
      eventDescription: 'Music festival',
      eventImageUrl: 'https://img.example.com/rir.png',
      language: 'pt',
      paymentId: message.paymentId,
      eventDate: '2030-09-25T20:00:00.000Z',
    });
    expect(ticket.key).toBe(message.paymentId);
    expect(ticket.headers).toMatchObject({
      'message-id': derivedMessageId(message.messageId, 'send-ticket'),
      'message-type': 'clients.send-ticket',
      'schema-version': '1',
      producer: 'clients',
      'correlation-id': message.correlationId,
    });

    const created = (await readTopic(t.topics.clientCreated, (ms) => ms.some(about(email)))).filter(
      about(email),
    );
    expect(created).toHaveLength(1);
    expect(created[0]!.json()).toEqual({ email, name: 'Ana', language: 'pt' });
    expect(created[0]!.key).toBe(email.toLowerCase());
    expect(created[0]!.headers).toMatchObject({
      'message-id': derivedMessageId(message.messageId, 'client-created'),
      'message-type': 'clients.client-created',
      'correlation-id': message.correlationId,
    });

    expect(await clientRows(t.db, email)).toEqual([{ id: expect.any(Number), name: 'Ana', email }]);
  });

  it('from the original payments (no payment_id, no headers, random key): the original SEND_TICKET shape', async () => {
    const email = unique('original');
    const message = originalPayment(email);
    await producePayments(t, [message]);

    const tickets = (await readTopic(t.topics.sendTicket, (ms) => ms.some(about(email)), 60_000)).filter(
      about(email),
    );
    expect(tickets).toHaveLength(1);
    expect(tickets[0]!.json()).toEqual({
      name: 'Ana',
      email,
      eventId: '42',
      eventName: 'Rock in Rio',
      eventDescription: 'Music festival',
      eventImageUrl: 'https://img.example.com/rir.png',
      language: 'pt',
    });
    expect(tickets[0]!.key).toBe(email);
    // The Kafka key stands in for the message id: the SEND_TICKET id derives from it, deterministically.
    expect(tickets[0]!.headers['message-id']).toBe(derivedMessageId(message.key, 'send-ticket'));
    expect(tickets[0]!.headers['correlation-id']).toBe(message.key);

    const created = (await readTopic(t.topics.clientCreated, (ms) => ms.some(about(email)))).filter(
      about(email),
    );
    expect(created.map((m) => m.json())).toEqual([{ email, name: 'Ana', language: 'pt' }]);
    expect(await clientRows(t.db, email)).toHaveLength(1);
  });

  it('processes the same message once however often it is delivered (both formats)', async () => {
    const ours = unique('twice-ours');
    const original = unique('twice-original');
    const marker = unique('twice-marker');
    const oursMessage = ourPayment(ours);
    const originalMessage = originalPayment(original);
    await producePayments(t, [oursMessage, originalMessage]);
    await producePayments(t, [oursMessage, originalMessage]);
    await producePayments(t, [originalPayment(marker)]);

    for (const email of [ours, original]) {
      expect(await messagesAbout(t.topics.sendTicket, email, marker)).toHaveLength(1);
      expect(await messagesAbout(t.topics.clientCreated, email, marker)).toHaveLength(1);
      expect(await clientRows(t.db, email)).toHaveLength(1);
    }
    const inbox = await queryDatabase<{ n: number }>(
      t.db,
      `SELECT count(*)::int AS n FROM inbox_messages WHERE consumer_group = $1 AND message_id = ANY($2)`,
      [t.group, [oursMessage.messageId, originalMessage.key]],
    );
    expect(inbox[0]!.n).toBe(2);
  });

  it('a second purchase by the same buyer (any case): no new client, a second SEND_TICKET', async () => {
    const email = unique('again');
    const first = ourPayment(email, { user_name: 'Ana' });
    await producePayments(t, [first]);
    await eventually(
      () => clientRows(t.db, email),
      (rows) => rows.length === 1,
    );
    const second = ourPayment(email.toUpperCase(), { user_name: 'Ana Maria', event_id: '43' });
    await producePayments(t, [second]);

    const tickets = (
      await readTopic(t.topics.sendTicket, (ms) => ms.filter(about(email)).length >= 2, 60_000)
    ).filter(about(email));
    expect(tickets.map((m) => [m.json().paymentId, m.json().eventId, m.json().name])).toEqual([
      [first.paymentId, '42', 'Ana'],
      [second.paymentId, '43', 'Ana Maria'],
    ]);
    expect(await clientRows(t.db, email)).toEqual([{ id: expect.any(Number), name: 'Ana', email }]);
    expect(await outboxCount(t.db, t.topics.clientCreated, `lower(payload->>'email') = $2`, [email])).toBe(1);
  });

  it('the buying account: passed on in CLIENT_CREATED and SEND_TICKET, and the client follows the latest purchase', async () => {
    const email = unique('owned');
    const owners = async () =>
      queryDatabase<{ name: string; user_id: string | null }>(
        t.db,
        `SELECT name, user_id FROM clients WHERE lower(email) = $1`,
        [email],
      );
    const paidAt = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
    const purchase = (user: string | undefined, name: string, minutes: number) => {
      const m = ourPayment(email, { user_name: name, ...(user ? { user_id: user } : {}) });
      return { ...m, headers: { ...m.headers, 'occurred-at': paidAt(minutes) } };
    };
    const ticketsSoFar = async (n: number) =>
      (await readTopic(t.topics.sendTicket, (ms) => ms.filter(about(email)).length >= n, 60_000))
        .filter(about(email))
        .map((m) => [m.json().paymentId, m.json().userId]);

    const first = purchase('user-a', 'Ana', 0);
    await producePayments(t, [first]);
    expect(await ticketsSoFar(1)).toEqual([[first.paymentId, 'user-a']]);
    const created = (await readTopic(t.topics.clientCreated, (ms) => ms.some(about(email)))).filter(
      about(email),
    );
    expect(created.map((m) => m.json())).toEqual([{ email, name: 'Ana', language: 'pt', user_id: 'user-a' }]);
    expect(await owners()).toEqual([{ name: 'Ana', user_id: 'user-a' }]);

    // The email deleted and registered again: a new account's purchase takes the client over, name included.
    const newer = purchase('user-b', 'Bea', 2);
    await producePayments(t, [newer]);
    expect(await ticketsSoFar(2)).toContainEqual([newer.paymentId, 'user-b']);
    expect(await owners()).toEqual([{ name: 'Bea', user_id: 'user-b' }]);

    // Paid before the new account's purchase, delivered after it; and one from the original's payments.
    const late = purchase('user-a', 'Ana', 1);
    const original = originalPayment(email, { user_name: 'Old' });
    await producePayments(t, [late, original]);
    const tickets = await ticketsSoFar(4);
    expect(tickets).toContainEqual([late.paymentId, 'user-a']);
    expect(tickets).toContainEqual([undefined, undefined]);
    expect(await owners()).toEqual([{ name: 'Bea', user_id: 'user-b' }]);
    expect(await outboxCount(t.db, t.topics.clientCreated, `lower(payload->>'email') = $2`, [email])).toBe(1);
  });

  it('an order of several tickets: quantity and ticket type passed on in SEND_TICKET and CLIENT_CREATED', async () => {
    const email = unique('order');
    const message = ourPayment(email, {
      user_id: 'user-o',
      quantity: 3,
      ticket_type_id: '7',
      ticket_type_name: 'VIP',
      unit_price: 50.25,
      amount: 150.75,
    });
    await producePayments(t, [message]);

    const tickets = (await readTopic(t.topics.sendTicket, (ms) => ms.some(about(email)), 60_000)).filter(
      about(email),
    );
    expect(tickets.map((m) => m.json())).toEqual([
      {
        name: 'Ana',
        email,
        eventId: '42',
        eventName: 'Rock in Rio',
        eventDescription: 'Music festival',
        eventImageUrl: 'https://img.example.com/rir.png',
        language: 'pt',
        paymentId: message.paymentId,
        eventDate: '2030-09-25T20:00:00.000Z',
        userId: 'user-o',
        quantity: 3,
        ticketTypeId: '7',
        ticketTypeName: 'VIP',
      },
    ]);
    const created = (await readTopic(t.topics.clientCreated, (ms) => ms.some(about(email)))).filter(
      about(email),
    );
    expect(created.map((m) => m.json())).toEqual([
      { email, name: 'Ana', language: 'pt', user_id: 'user-o', quantity: 3, ticket_type_id: '7' },
    ]);
  });

  it('issues the ticket for an empty user_name, named after the local part of the email', async () => {
    const email = unique('noname');
    await producePayments(t, [originalPayment(email, { user_name: '' })]);
    const tickets = (await readTopic(t.topics.sendTicket, (ms) => ms.some(about(email)), 60_000)).filter(
      about(email),
    );
    expect(tickets).toHaveLength(1);
    const localPart = email.split('@')[0];
    expect(tickets[0]!.json().name).toBe(localPart);
    expect(await clientRows(t.db, email)).toEqual([{ id: expect.any(Number), name: localPart, email }]);
  });

  it('dead-letters invalid messages with the reason and goes on with the next', async () => {
    const key = unique('poison');
    const next = unique('after-poison');
    const noEvent = unique('no-event');
    await produce(t.topics.paymentSucceeded, [
      { key, value: '{not json' },
      { key, value: JSON.stringify(paymentBody('')) },
      { key, value: JSON.stringify(paymentBody(noEvent, { event_id: '' })) },
      { key, value: JSON.stringify({ ...paymentBody(next), user_language: 7 }) },
      originalPayment(next),
    ]);
    const tickets = (await readTopic(t.topics.sendTicket, (ms) => ms.some(about(next)), 60_000)).filter(
      about(next),
    );
    expect(tickets).toHaveLength(1);

    const dead = (
      await readTopic(
        deadLetterTopic(t.topics.paymentSucceeded),
        (ms) => ms.filter((m) => m.key === key).length >= 4,
      )
    ).filter((m) => m.key === key);
    expect(dead.map((m) => m.headers['dlq-reason'])).toEqual([
      'payload is not valid JSON',
      expect.stringContaining('user_email: email is required'),
      expect.stringContaining('event_id: eventId is required'),
      expect.stringContaining('user_language'),
    ]);
    expect(dead[0]!.value).toBe('{not json');
    expect(dead[0]!.headers['dlq-original-topic']).toBe(t.topics.paymentSucceeded);
    expect(dead[0]!.headers['dlq-consumer-group']).toBe(t.group);
    expect(await clientRows(t.db, noEvent)).toHaveLength(0);
  });

  it('loses nothing and doubles nothing when Kafka is unreachable for the relay during a burst', async () => {
    const relay = t.app.app.get(PostgresOutboxRelay);
    const buyers = Array.from({ length: 10 }, (_, i) => unique(`burst${i}`));
    const messages = buyers.flatMap((email, i) => [
      i % 2 ? ourPayment(email) : originalPayment(email),
      ourPayment(email, { event_id: '43' }),
    ]);
    const ids = messages.map((m) => (m.headers?.['message-id'] as string | undefined) ?? m.key!);
    const ours = (ms: Received[]) => ms.filter((m) => buyers.some((b) => about(b)(m)));
    await relay.stop();
    try {
      await producePayments(t, messages);
      const processed = await eventually(
        () =>
          queryDatabase<{ n: number }>(
            t.db,
            `SELECT count(*)::int AS n FROM inbox_messages WHERE consumer_group = $1 AND message_id = ANY($2)`,
            [t.group, ids],
          ),
        (rows) => rows[0]!.n === 20,
        { timeoutMs: 60_000 },
      );
      expect(processed[0]!.n).toBe(20);
      const pending = `published_at IS NULL AND lower(payload->>'email') = ANY($2)`;
      expect(await outboxCount(t.db, t.topics.sendTicket, pending, [buyers])).toBe(20);
      expect(await outboxCount(t.db, t.topics.clientCreated, pending, [buyers])).toBe(10);
    } finally {
      relay.start();
    }

    const tickets = ours(await readTopic(t.topics.sendTicket, (ms) => ours(ms).length >= 20, 60_000));
    const created = ours(await readTopic(t.topics.clientCreated, (ms) => ours(ms).length >= 10, 60_000));
    expect(tickets).toHaveLength(20);
    expect(new Set(tickets.map((m) => m.headers['message-id'])).size).toBe(20);
    expect(new Set(ids.map((id) => derivedMessageId(id, 'send-ticket')))).toEqual(
      new Set(tickets.map((m) => m.headers['message-id'])),
    );
    expect(created).toHaveLength(10);
    expect(new Set(created.map((m) => m.json().email))).toEqual(new Set(buyers));
    const [clients] = await queryDatabase<{ n: number }>(
      t.db,
      `SELECT count(*)::int AS n FROM clients WHERE email = ANY($1)`,
      [buyers],
    );
    expect(clients!.n).toBe(10);
  }, 180_000);

  it('counts clients created and purchases processed in /metrics', async () => {
    const res = await t.call('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/clients_created_total\{[^}]*source="payment"[^}]*\} [1-9]/);
    expect(res.text).toMatch(/clients_payments_processed_total\{[^}]*client="existing"[^}]*\} [1-9]/);
    expect(res.text).toMatch(/clients_name_fallbacks_total(\{[^}]*\})? [1-9]/);
    expect(res.text).toMatch(
      new RegExp(
        `messages_consumed_total\\{[^}]*topic="${t.topics.paymentSucceeded}"[^}]*outcome="duplicate"`,
      ),
    );
  });
});
