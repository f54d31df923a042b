import { randomBytes, randomUUID } from 'node:crypto';
import { deadLetterTopic } from '@event-tickets/contracts';
import { produce, readTopic, type Received, testKafka, eventually } from '@event-tickets/testing';
import { PaymentsStack } from '../support/payments-stack';

/**
 * The buyer's payment token is never at rest in clear: not in the outbox, not on any payments topic,
 * not in a dead letter, not in any table. Each token is unique, so a hit can only be a leak.
 */
jest.setTimeout(180_000);

const token = (prefix: string, length: number) =>
  `${prefix}${randomBytes(16).toString('hex')}`.slice(0, length).toUpperCase();

describe('payment tokens at rest (PostgreSQL, Kafka, dead letters)', () => {
  let stack: PaymentsStack;

  beforeAll(async () => {
    stack = await PaymentsStack.start();
  });

  afterAll(async () => {
    await stack?.close();
  });

  /** Every message of a topic, from the beginning (a fresh group), by its offsets: none is missed. */
  async function everyMessage(topic: string): Promise<Received[]> {
    const admin = testKafka().admin();
    await admin.connect();
    try {
      if (!(await admin.listTopics()).includes(topic)) return [];
      const offsets = await admin.fetchTopicOffsets(topic);
      const total = offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
      if (!total) return [];
      const received = await readTopic(topic, (ms) => ms.length >= total, 60_000);
      expect(received).toHaveLength(total);
      return received;
    } finally {
      await admin.disconnect();
    }
  }

  /** Where the text occurs: `table <name>` per matching row, `<topic>@<partition>/<key>` per message. */
  async function whereFound(text: string): Promise<string[]> {
    const hits: string[] = [];
    const tables = await stack.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['outbox_messages', 'payments', 'transactions', 'inbox_messages']),
    );
    for (const { name } of tables) {
      const [row] = await stack.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${name}" AS t WHERE t::text LIKE '%' || $1 || '%'`,
        [text],
      );
      for (let i = 0; i < row!.n; i++) hits.push(`table ${name}`);
    }
    const topics = Object.values(stack.topics).flatMap((t) => [t, deadLetterTopic(t)]);
    for (const topic of topics)
      for (const m of await everyMessage(topic))
        if (`${m.key} ${m.value} ${JSON.stringify(m.headers)}`.includes(text))
          hits.push(`${topic}@${m.partition}/${m.key}`);
    return hits;
  }

  it('an approved, a declined and a dead-lettered purchase leave no token in clear anywhere', async () => {
    const eventId = await stack.createEvent({ capacity: 5 });
    const approvedToken = token('A', 26);
    const declinedToken = token('D', 25);
    const approved = await stack.purchase(await stack.buyer(), eventId, { payment_token: approvedToken });
    const declined = await stack.purchase(await stack.buyer(), eventId, { payment_token: declinedToken });
    expect([approved.status, declined.status]).toEqual([201, 201]);
    expect((await stack.settled(approved.body.payment_id))?.status).toBe('SUCCESS');
    const failed = await stack.settled(declined.body.payment_id);
    expect(failed).toMatchObject({ status: 'FAILED', reason: 'transaction rejected by gateway' });

    // Two poison messages with clear tokens, as the original's payments would publish them: one
    // invalid (no user_email), one for a payment nobody stored. Both are dead-lettered.
    const poisonTokens = [token('P', 26), token('Q', 26)];
    const poisonKeys: string[] = [randomUUID(), randomUUID()];
    const poison = (i: number, fields: Record<string, unknown>) => ({
      key: poisonKeys[i]!,
      value: JSON.stringify({
        payment_id: poisonKeys[i],
        event_id: String(eventId),
        event_amount: 150.5,
        payment_token: poisonTokens[i],
        ...fields,
      }),
    });
    const source = stack.topics.PAYMENT_CREATED_TOPIC;
    await produce(source, [poison(0, {}), poison(1, { user_email: 'ana@example.com' })]);
    const letters = await readTopic(
      deadLetterTopic(source),
      (ms) => poisonKeys.every((k) => ms.some((m) => m.key === k)),
      60_000,
    );
    for (const key of poisonKeys) {
      const letter = letters.find((m) => m.key === key)!;
      expect(letter.json()).toMatchObject({ payment_id: key, payment_token: '[redacted]' });
      expect(letter.headers['dlq-reason']).toMatch(/\(redacted: payment_token\)$/);
    }

    // Sealed on the way: PAYMENT_CREATED and TRANSACTION_CREATED carry `sealed:v1:` tokens only.
    for (const topic of [stack.topics.PAYMENT_CREATED_TOPIC, stack.topics.TRANSACTION_CREATED_TOPIC]) {
      const ours = (await everyMessage(topic)).filter((m) => !poisonKeys.includes(m.key!));
      expect(ours).toHaveLength(2);
      for (const m of ours) expect(m.json().payment_token).toMatch(/^sealed:v1:/);
    }
    // Everything the purchases published is out of the outbox (the search covers both ends).
    await eventually(
      () =>
        stack.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM outbox_messages WHERE published_at IS NULL`,
        ),
      ([row]) => row!.n === 0,
      { timeoutMs: 30_000 },
    );

    expect(await whereFound(approvedToken)).toEqual([]);
    expect(await whereFound(declinedToken)).toEqual([]);
    // A poison token is only where the test itself put it: the original message at its offset.
    for (const [i, key] of poisonKeys.entries())
      expect(await whereFound(poisonTokens[i]!)).toEqual([`${source}@0/${key}`]);
  });
});
