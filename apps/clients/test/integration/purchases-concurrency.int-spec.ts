import { readTopic, type Received } from '@event-tickets/testing';
import {
  clientRows,
  type ClientsTestApp,
  ourPayment,
  outboxCount,
  producePayments,
  startClientsApp,
  unique,
} from '../support/clients-app';

const about = (email: string) => (m: Received) => String(m.json().email).toLowerCase() === email;

describe('purchases by one new buyer processed in parallel (3 partitions)', () => {
  let t: ClientsTestApp;

  beforeAll(async () => {
    t = await startClientsApp({ KAFKA_TOPIC_PARTITIONS: '3', KAFKA_CONSUMER_CONCURRENCY: '3' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('makes one client and one CLIENT_CREATED, and one SEND_TICKET per purchase', async () => {
    const buyers = Array.from({ length: 4 }, (_, i) => unique(`parallel${i}`));
    // Each buyer pays 6 times at once, keyed by payment: the purchases spread over the partitions.
    const messages = buyers.flatMap((email) =>
      Array.from({ length: 6 }, (_, i) =>
        ourPayment(i % 2 ? email.toUpperCase() : email, { event_id: `${i}` }),
      ),
    );
    await producePayments(t, messages);

    const ours = (ms: Received[]) => ms.filter((m) => buyers.some((b) => about(b)(m)));
    const tickets = ours(await readTopic(t.topics.sendTicket, (ms) => ours(ms).length >= 24, 60_000));
    expect(tickets).toHaveLength(24);
    expect(new Set(tickets.map((m) => m.json().paymentId))).toEqual(
      new Set(messages.map((m) => m.paymentId)),
    );
    // The purchases did spread over the partitions (so they were processed concurrently).
    const paid = (ms: Received[]) =>
      ms.filter((m) => buyers.includes(String(m.json().user_email).toLowerCase()));
    const consumed = paid(await readTopic(t.topics.paymentSucceeded, (ms) => paid(ms).length >= 24));
    expect(consumed).toHaveLength(24);
    expect(new Set(consumed.map((m) => m.partition)).size).toBeGreaterThan(1);

    const created = ours(await readTopic(t.topics.clientCreated, (ms) => ours(ms).length >= 4, 60_000));
    for (const email of buyers) {
      expect(await clientRows(t.db, email)).toHaveLength(1);
      expect(created.filter(about(email))).toHaveLength(1);
    }
    expect(
      await outboxCount(t.db, t.topics.clientCreated, `lower(payload->>'email') = ANY($2)`, [buyers]),
    ).toBe(4);
  }, 120_000);
});
