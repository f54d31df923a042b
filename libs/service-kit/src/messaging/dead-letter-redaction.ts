import type { IHeaders } from 'kafkajs';
import { REDACTED, SECRET_FIELDS } from '@event-tickets/telemetry';
import { isSealed } from '../crypto/key-ring';

const SECRET = new Set<string>(SECRET_FIELDS);
const NAMES_A_SECRET = new RegExp(SECRET_FIELDS.join('|'), 'i');

export interface RedactedValue {
  value: Buffer | null;
  /** What was taken out, for the dead letter's reason; undefined when nothing was. */
  note?: string;
}

/**
 * What a dead letter keeps of a message's value: every secret field (SECRET_FIELDS, at any depth)
 * holding a clear value is replaced by REDACTED; sealed values stay (they are useless without the
 * key, and a replay can still use them). A value that is not JSON but names a secret field is left
 * out whole: it cannot be redacted field by field.
 */
export function redactDeadLetterValue(value: Buffer | null): RedactedValue {
  if (!value?.length) return { value };
  const text = value.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return NAMES_A_SECRET.test(text)
      ? { value: null, note: 'value left out: not JSON, and it names a secret field' }
      : { value };
  }
  const redacted = new Set<string>();
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node).map(([key, field]) => {
        if (!SECRET.has(key.toLowerCase()) || !holdsClearSecret(field)) return [key, walk(field)];
        redacted.add(key);
        return [key, REDACTED];
      }),
    );
  };
  const result = walk(parsed);
  if (!redacted.size) return { value };
  return { value: Buffer.from(JSON.stringify(result)), note: `redacted: ${[...redacted].sort().join(', ')}` };
}

/** The message's headers with any secret-named header's value replaced by REDACTED. */
export function redactDeadLetterHeaders(headers: IHeaders | undefined): IHeaders {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([key, value]) => [
      key,
      SECRET.has(key.toLowerCase()) ? REDACTED : value,
    ]),
  );
}

/** Empty values, null and sealed values hold nothing to hide (and keep the message replayable). */
function holdsClearSecret(field: unknown): boolean {
  if (field === null || field === undefined || field === '' || field === REDACTED) return false;
  return !(typeof field === 'string' && isSealed(field));
}
