import type { IHeaders } from 'kafkajs';
import type { PublishRecord } from './kafka-publisher';

/**
 * What one record adds to a Kafka record batch beyond its key, value and header bytes: the record's
 * length, attributes, timestamp and offset deltas and the key/value lengths (varints, at most 36
 * bytes), plus the batch header (61 bytes) shared out generously.
 */
const RECORD_OVERHEAD = 100;
/** Per header: its key and value lengths (varints). */
const HEADER_OVERHEAD = 10;

const size = (value: string | Buffer | null | undefined): number =>
  value == null ? 0 : typeof value === 'string' ? Buffer.byteLength(value) : value.length;

function headerBytes(headers: IHeaders | undefined): number {
  let total = 0;
  for (const [name, value] of Object.entries(headers ?? {})) {
    for (const v of Array.isArray(value) ? value : [value])
      total += HEADER_OVERHEAD + size(name) + size(v as string | Buffer | undefined);
  }
  return total;
}

/** The bytes a record takes in a record batch before compression (an upper bound of what it costs after). */
export function recordBytes(record: PublishRecord): number {
  const { key, value, headers } = record.message;
  return RECORD_OVERHEAD + size(key) + size(value) + headerBytes(headers);
}

/**
 * Consecutive groups of records, each at most `budget` bytes before compression, in their order. The
 * whole group is bounded, so every partition's record batch in it is too; a record bigger than the
 * budget travels alone (compression may still make it fit the broker's limit).
 */
export function byteBatches<T>(items: T[], bytes: (item: T) => number, budget: number): T[][] {
  const batches: T[][] = [];
  let batch: T[] = [];
  let total = 0;
  for (const item of items) {
    const n = bytes(item);
    if (batch.length && total + n > budget) {
      batches.push(batch);
      batch = [];
      total = 0;
    }
    batch.push(item);
    total += n;
  }
  if (batch.length) batches.push(batch);
  return batches;
}

/**
 * Broker errors about the messages themselves, which sending them again cannot cure: too large (a
 * smaller group may pass), or a record or topic name the broker refuses.
 */
const UNPUBLISHABLE = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'INVALID_TOPIC_EXCEPTION',
]);

/** The broker's error type (MESSAGE_TOO_LARGE, ...) in a kafkajs error or the errors it wraps. */
export function kafkaErrorType(error: unknown): string | undefined {
  for (
    let e = error as { type?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    depth += 1
  ) {
    if (typeof e.type === 'string') return e.type;
    e = e.cause as typeof e;
  }
  return undefined;
}

/** Why this message can never be published, or undefined when the failure may pass (Kafka down, ...). */
export function unpublishableReason(error: unknown): string | undefined {
  const type = kafkaErrorType(error);
  if (!type || !UNPUBLISHABLE.has(type)) return undefined;
  return `${type}: ${(error as Error).message}`;
}

export interface BoundedPublishResult<T> {
  published: T[];
  /** Messages that failed alone with an error sending again cannot cure; the others went on. */
  parked: { item: T; reason: string }[];
  /** When a send failed for a reason that may pass: the items from there on, unsent, and the error. */
  failed?: { items: T[]; error: unknown };
}

/**
 * Publishes `items` in order, in groups of at most `budget` bytes. A group the broker refuses for its
 * messages (too large, ...) is split in halves, tried in order; a message refused alone is parked and
 * the next ones go on. Any other failure stops there (the rest is retried later, so a
 * key's later messages never overtake an earlier one that is merely waiting).
 */
export async function publishBounded<T>(
  items: T[],
  toRecord: (item: T) => PublishRecord,
  send: (records: PublishRecord[]) => Promise<void>,
  budget: number,
): Promise<BoundedPublishResult<T>> {
  const result: BoundedPublishResult<T> = { published: [], parked: [] };
  const records = new Map(items.map((item) => [item, toRecord(item)]));
  const queue = byteBatches(items, (item) => recordBytes(records.get(item)!), budget);
  while (queue.length) {
    const batch = queue.shift()!;
    try {
      await send(batch.map((item) => records.get(item)!));
      result.published.push(...batch);
    } catch (error) {
      const reason = unpublishableReason(error);
      if (reason !== undefined && batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        queue.unshift(batch.slice(0, half), batch.slice(half));
        continue;
      }
      if (reason !== undefined) {
        result.parked.push({ item: batch[0]!, reason });
        continue;
      }
      result.failed = { items: [...batch, ...queue.flat()], error };
      break;
    }
  }
  return result;
}
