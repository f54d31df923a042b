import { REDACTED } from '@event-tickets/telemetry';
import { redactDeadLetterHeaders, redactDeadLetterValue } from './dead-letter-redaction';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const parse = (value: Buffer | null) => JSON.parse(value!.toString()) as Record<string, unknown>;

describe(redactDeadLetterValue.name, () => {
  it('replaces a clear payment_token (and other secret fields, at any depth), saying so', () => {
    const { value, note } = redactDeadLetterValue(
      json({ payment_id: 'p1', payment_token: 'TOKEN123', nested: [{ password: 'pw' }], Token: 5 }),
    );
    expect(parse(value)).toEqual({
      payment_id: 'p1',
      payment_token: REDACTED,
      nested: [{ password: REDACTED }],
      Token: REDACTED,
    });
    expect(note).toBe('redacted: Token, password, payment_token');
  });

  it('keeps sealed and empty values, and any value without secrets, byte for byte', () => {
    for (const payload of [
      json({ payment_id: 'p1', payment_token: 'sealed:v1:k1:aaaa:bbbb' }),
      json({ payment_id: 'p1', payment_token: '' }),
      json({ event_id: 1 }),
      Buffer.from('not json'),
    ]) {
      const { value, note } = redactDeadLetterValue(payload);
      expect(value).toBe(payload);
      expect(note).toBeUndefined();
    }
    expect(redactDeadLetterValue(null)).toEqual({ value: null });
  });

  it('leaves out a value that is not JSON but names a secret field', () => {
    const { value, note } = redactDeadLetterValue(Buffer.from('{"payment_token":"TOKEN123",'));
    expect(value).toBeNull();
    expect(note).toMatch(/value left out/);
  });
});

describe(redactDeadLetterHeaders.name, () => {
  it('redacts secret-named headers only', () => {
    expect(
      redactDeadLetterHeaders({ 'message-id': 'm1', Authorization: 'Bearer x', cookie: Buffer.from('c') }),
    ).toEqual({
      'message-id': 'm1',
      Authorization: REDACTED,
      cookie: REDACTED,
    });
    expect(redactDeadLetterHeaders(undefined)).toEqual({});
  });
});
