import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSProtocolError } from 'kafkajs';
import { byteBatches, publishBounded, recordBytes, unpublishableReason } from './bounded-publish';
import type { PublishRecord } from './kafka-publisher';

/** A broker's refusal as kafkajs throws it: the protocol error, wrapped by the producer's retrier. */
function brokerError(type: string): Error {
  const protocol = new KafkaJSProtocolError(
    Object.assign(new Error(`the broker refused: ${type}`), { type, code: 10, retriable: false }),
  );
  const NonRetriable = KafkaJSNonRetriableError as unknown as new (e: Error, o: { cause: Error }) => Error;
  return new NonRetriable(protocol, { cause: protocol });
}

interface Item {
  id: number;
  key: string;
  bytes: number;
}

const toRecord = (item: Item): PublishRecord => ({
  topic: 'T',
  message: { key: item.key, value: 'x'.repeat(item.bytes), headers: { 'message-id': String(item.id) } },
});

const items = (n: number, bytes: number, key = (i: number) => `k${i % 5}`): Item[] =>
  Array.from({ length: n }, (_, id) => ({ id, key: key(id), bytes }));

/**
 * A fake broker: refuses a send whose records pass `limit` bytes in all (the real one counts per
 * partition, so this is stricter), or that holds an item `refuse` names; records what it took.
 */
function fakeBroker(limit: number, refuse: (record: PublishRecord) => string | undefined = () => undefined) {
  const sends: PublishRecord[][] = [];
  const taken: number[] = [];
  let failures = 0;
  const send = async (records: PublishRecord[]) => {
    sends.push(records);
    const refused = records.map(refuse).find(Boolean);
    const bytes = records.reduce((n, r) => n + recordBytes(r), 0);
    if (refused || bytes > limit) {
      failures += 1;
      throw brokerError(refused ?? 'MESSAGE_TOO_LARGE');
    }
    taken.push(...records.map((r) => Number((r.message.headers as Record<string, string>)['message-id'])));
  };
  return { send, sends, taken, failures: () => failures };
}

describe('recordBytes', () => {
  it('counts key, value, headers and the record overhead', () => {
    const record = { topic: 'T', message: { key: 'abc', value: 'é'.repeat(10), headers: { h: 'vv' } } };
    // 3 + 20 (two UTF-8 bytes each) + header 1 + 2 + 10, + 100 per record
    expect(recordBytes(record)).toBe(3 + 20 + 13 + 100);
    expect(recordBytes({ topic: 'T', message: { key: null, value: null } })).toBe(100);
  });
});

describe('byteBatches', () => {
  it('keeps the order, fills each group up to the budget, and sends an oversized item alone', () => {
    const sizes = [40, 40, 30, 100, 10, 10, 250, 5];
    expect(byteBatches(sizes, (n) => n, 100)).toEqual([[40, 40], [30], [100], [10, 10], [250], [5]]);
    expect(byteBatches([], (n: number) => n, 100)).toEqual([]);
  });
});

describe('publishBounded', () => {
  const budget = 512 * 1024;

  it('publishes 450 messages of 32 KB in sends under the budget, none refused', async () => {
    const broker = fakeBroker(1024 * 1024);
    const list = items(450, 32 * 1024);
    const result = await publishBounded(list, toRecord, broker.send, budget);
    expect(result.published).toEqual(list);
    expect(result.parked).toEqual([]);
    expect(result.failed).toBeUndefined();
    expect(broker.failures()).toBe(0);
    expect(broker.taken).toEqual(list.map((i) => i.id));
    for (const sent of broker.sends)
      expect(sent.reduce((n, r) => n + recordBytes(r), 0)).toBeLessThanOrEqual(budget);
    expect(broker.sends.length).toBeGreaterThan(450 / 16);
  });

  it('splits a send the broker refuses as too large until the halves pass, keeping the order', async () => {
    // The broker's limit (a topic's max.message.bytes) is below the relay's budget.
    const broker = fakeBroker(100 * 1024);
    const list = items(60, 20 * 1024);
    const result = await publishBounded(list, toRecord, broker.send, budget);
    expect(result.published.map((i) => i.id)).toEqual(list.map((i) => i.id));
    expect(broker.taken).toEqual(list.map((i) => i.id));
    expect(result.parked).toEqual([]);
    expect(broker.failures()).toBeGreaterThan(0);
  });

  it('parks a message too large even alone, with its reason, and publishes the ones behind it', async () => {
    const broker = fakeBroker(1024 * 1024);
    const list = items(20, 1000, () => 'same-key');
    list[7] = { id: 7, key: 'same-key', bytes: 2 * 1024 * 1024 };
    const result = await publishBounded(list, toRecord, broker.send, budget);
    expect(result.parked).toEqual([{ item: list[7], reason: expect.stringMatching(/^MESSAGE_TOO_LARGE: /) }]);
    expect(result.published.map((i) => i.id)).toEqual(list.filter((i) => i.id !== 7).map((i) => i.id));
    expect(broker.taken).toEqual(result.published.map((i) => i.id));
    expect(result.failed).toBeUndefined();
  });

  it('finds the one invalid record in a group by halving, parks it, publishes the rest in order', async () => {
    const broker = fakeBroker(1024 * 1024, (r) =>
      (r.message.headers as Record<string, string>)['message-id'] === '13' ? 'INVALID_RECORD' : undefined,
    );
    const list = items(40, 100);
    const result = await publishBounded(list, toRecord, broker.send, budget);
    expect(result.parked.map((p) => [p.item.id, p.reason.split(':')[0]])).toEqual([[13, 'INVALID_RECORD']]);
    expect(broker.taken).toEqual(list.filter((i) => i.id !== 13).map((i) => i.id));
  });

  it('stops at a failure that may pass (Kafka unreachable): nothing parked, the rest left for later', async () => {
    const broker = fakeBroker(1024 * 1024);
    let calls = 0;
    const send = async (records: PublishRecord[]) => {
      calls += 1;
      if (calls === 2) throw new KafkaJSConnectionError('Connection error: ECONNREFUSED');
      await broker.send(records);
    };
    const list = items(100, 16 * 1024);
    const result = await publishBounded(list, toRecord, send, budget);
    expect(result.parked).toEqual([]);
    expect(result.published.length).toBeGreaterThan(0);
    expect([...result.published, ...result.failed!.items]).toEqual(list);
    expect(result.failed!.error).toBeInstanceOf(KafkaJSConnectionError);
    expect(calls).toBe(2);
  });

  it('parks nothing for a refusal that is not about the message (authorization, producer state)', async () => {
    for (const type of ['TOPIC_AUTHORIZATION_FAILED', 'OUT_OF_ORDER_SEQUENCE_NUMBER']) {
      const send = async () => {
        throw brokerError(type);
      };
      const list = items(3, 10);
      const result = await publishBounded(list, toRecord, send, budget);
      expect(result.parked).toEqual([]);
      expect(result.failed!.items).toEqual(list);
    }
  });
});

describe('unpublishableReason', () => {
  it('names the broker error found in the chain kafkajs wraps it in', () => {
    expect(unpublishableReason(brokerError('MESSAGE_TOO_LARGE'))).toMatch(/^MESSAGE_TOO_LARGE: /);
    expect(unpublishableReason(brokerError('RECORD_LIST_TOO_LARGE'))).toMatch(/^RECORD_LIST_TOO_LARGE/);
    expect(unpublishableReason(new KafkaJSConnectionError('down'))).toBeUndefined();
    expect(unpublishableReason(new Error('boom'))).toBeUndefined();
  });
});
