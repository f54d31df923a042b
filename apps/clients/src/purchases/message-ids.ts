import { createHash } from 'node:crypto';

/** This service's UUID v5 namespace (fixed forever: changing it changes every derived id). */
export const CLIENTS_NAMESPACE = '5b8f3c1e-2d4a-4f6b-9c7e-1a2b3c4d5e6f';

/** RFC 4122 UUID version 5 (SHA-1 of namespace + name): the same inputs always give the same id. */
export function uuidV5(name: string, namespace: string = CLIENTS_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`not a UUID namespace: ${namespace}`);
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The id of a message caused by an incoming one: stable across redeliveries of that message, so a
 * downstream consumer that deduplicates by message id (tickets, for purchases without a payment id)
 * sees one message however often ours is redone.
 */
export function derivedMessageId(
  incomingMessageId: string,
  purpose: 'send-ticket' | 'client-created',
): string {
  return uuidV5(`${incomingMessageId}:${purpose}`);
}
