import { createHash } from 'node:crypto';
import type { KeyRing } from '@event-tickets/service-kit';

/** Canonical JSON: keys sorted, undefined dropped, so the same body always hashes the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

const PURPOSE = 'idempotency_request';

/**
 * What identifies "the same request" for an Idempotency-Key: a keyed hash (HMAC, PAYMENT_TOKEN_KEYS)
 * of the validated body. The body holds the buyer's payment token, and a plain hash of a short token
 * could be reversed by trying every token; a keyed one cannot without the key.
 */
export function requestHash(body: object, ring: KeyRing): string {
  return ring.mac(JSON.stringify(canonical(body)), PURPOSE)!;
}

/**
 * Whether a stored hash is this body's: made with the key it names (still in the ring after a
 * rotation), or, for a record written before hashes were keyed, the body's plain SHA-256.
 */
export function sameRequest(stored: string, body: object, ring: KeyRing): boolean {
  const text = JSON.stringify(canonical(body));
  const colon = stored.indexOf(':');
  if (colon < 0) return stored === createHash('sha256').update(text).digest('hex');
  return ring.mac(text, PURPOSE, stored.slice(0, colon)) === stored;
}
