import { requestHash } from './request-hash';

describe(requestHash.name, () => {
  it('is the same for the same fields in any order, and ignores undefined ones', () => {
    expect(requestHash({ a: 1, b: 'x', c: undefined })).toBe(requestHash({ b: 'x', a: 1 }));
  });

  it('differs when any value differs', () => {
    const base = { user_email: 'ana@example.com', event_id: '42', payment_token: 'TOKEN123' };
    expect(requestHash(base)).not.toBe(requestHash({ ...base, payment_token: 'TOKEN124' }));
    expect(requestHash(base)).not.toBe(requestHash({ ...base, event_amount: 10 }));
  });
});
