import { parseEventId } from './event-id';

describe(parseEventId.name, () => {
  it('reads integer ids', () => {
    expect(parseEventId('42')).toBe(42);
    expect(parseEventId('2147483647')).toBe(2147483647);
  });

  it('answers undefined (no such event) for integers no SERIAL reaches', () => {
    for (const raw of ['0', '-1', '2147483648', '99999999999999999999'])
      expect(parseEventId(raw)).toBeUndefined();
  });

  it('refuses what is not an integer with 400', () => {
    for (const raw of ['abc', '1.5', '1e3', '0x10', ' 1', '', undefined]) {
      expect(() => parseEventId(raw)).toThrow(
        expect.objectContaining({ status: 400, code: 'INVALID_EVENT_ID' }),
      );
    }
  });
});
