import { derivedMessageId, uuidV5 } from './message-ids';

describe(uuidV5.name, () => {
  it('matches the RFC 4122 / RFC 9562 test vector', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => uuidV5('x', 'nope')).toThrow('not a UUID namespace');
  });
});

describe(derivedMessageId.name, () => {
  it('is stable for one incoming message and differs per purpose and per message', () => {
    const a = derivedMessageId('7d3f8c8e-1111-4a4a-9b9b-000000000001', 'send-ticket');
    expect(a).toBe(derivedMessageId('7d3f8c8e-1111-4a4a-9b9b-000000000001', 'send-ticket'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(derivedMessageId('7d3f8c8e-1111-4a4a-9b9b-000000000001', 'client-created'));
    expect(a).not.toBe(derivedMessageId('7d3f8c8e-1111-4a4a-9b9b-000000000002', 'send-ticket'));
  });
});
