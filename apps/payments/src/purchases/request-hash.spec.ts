import { createHash, randomBytes } from 'node:crypto';
import { KeyRing } from '@event-tickets/service-kit';
import { requestHash, sameRequest } from './request-hash';

const key = () => randomBytes(32).toString('base64');
const k1 = `k1=${key()}`;
const ring = KeyRing.parse(k1);

describe(requestHash.name, () => {
  const base = { user_email: 'ana@example.com', event_id: '42', payment_token: 'TOKEN123' };

  it('is the same for the same fields in any order, and ignores undefined ones', () => {
    expect(requestHash({ a: 1, b: 'x', c: undefined }, ring)).toBe(requestHash({ b: 'x', a: 1 }, ring));
  });

  it('differs when any value differs', () => {
    expect(requestHash(base, ring)).not.toBe(requestHash({ ...base, payment_token: 'TOKEN124' }, ring));
    expect(requestHash(base, ring)).not.toBe(requestHash({ ...base, event_amount: 10 }, ring));
  });

  it('an order of another quantity or type is another request; the original body keeps its hash', () => {
    const three = requestHash({ ...base, quantity: 3 }, ring);
    expect(requestHash({ ...base, quantity: 2 }, ring)).not.toBe(three);
    expect(requestHash({ ...base, quantity: 3, ticket_type_id: '9' }, ring)).not.toBe(three);
    expect(requestHash(base, ring)).not.toBe(three);
    expect(sameRequest(requestHash(base, ring), { ...base, quantity: undefined }, ring)).toBe(true);
  });

  it('is keyed: without the key, trying tokens against the plain hash finds nothing', () => {
    const stored = requestHash(base, ring);
    const plain = (b: object) => createHash('sha256').update(JSON.stringify(b)).digest('base64url');
    expect(stored).toMatch(/^k1:[A-Za-z0-9_-]{43}$/);
    expect(stored.slice(3)).not.toBe(plain(base));
    expect(requestHash(base, KeyRing.parse(`k1=${key()}`))).not.toBe(stored);
  });
});

describe(sameRequest.name, () => {
  const body = { user_email: 'ana@example.com', event_id: '42', payment_token: 'TOKEN123' };

  it('recognises the body under the key that made the hash, also after a rotation', () => {
    const stored = requestHash(body, ring);
    const rotated = KeyRing.parse(`k2=${key()}\n${k1}`);
    expect(sameRequest(stored, body, rotated)).toBe(true);
    expect(sameRequest(stored, { ...body, payment_token: 'TOKEN124' }, rotated)).toBe(false);
  });

  it('refuses a hash made with a key the ring no longer holds', () => {
    expect(sameRequest(requestHash(body, ring), body, KeyRing.parse(`k2=${key()}`))).toBe(false);
  });

  it("recognises a record written before hashes were keyed (the body's plain SHA-256)", () => {
    const legacy = createHash('sha256')
      .update(JSON.stringify({ event_id: '42', payment_token: 'TOKEN123', user_email: 'ana@example.com' }))
      .digest('hex');
    expect(sameRequest(legacy, body, ring)).toBe(true);
    expect(sameRequest(legacy, { ...body, event_id: '43' }, ring)).toBe(false);
  });
});
