import { deadLetterReason, PermanentMessageError } from './message-errors';

describe(deadLetterReason.name, () => {
  const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

  it('retries transient failures without limit', () => {
    expect(deadLetterReason(outage, 1, 3)).toBeUndefined();
    expect(deadLetterReason(outage, 1000, 3)).toBeUndefined();
  });

  it('dead-letters a permanent failure at once, with its message', () => {
    expect(deadLetterReason(new PermanentMessageError('no such hold'), 1, 3)).toBe('no such hold');
  });

  it('dead-letters any other failure after the last attempt', () => {
    const bug = new TypeError('x is undefined');
    expect(deadLetterReason(bug, 1, 3)).toBeUndefined();
    expect(deadLetterReason(bug, 2, 3)).toBeUndefined();
    expect(deadLetterReason(bug, 3, 3)).toBe('handler failed 3 times: x is undefined');
  });
});
