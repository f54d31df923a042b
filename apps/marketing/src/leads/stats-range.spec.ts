import { DomainError } from '@event-tickets/service-kit';
import { createdAtRange, parseInstant } from './stats-range';

describe(parseInstant.name, () => {
  it('reads a date as midnight UTC, and date-times with their offset', () => {
    expect(parseInstant('2024-05-01')).toEqual({ at: new Date('2024-05-01T00:00:00Z'), dateOnly: true });
    expect(parseInstant('2024-05-01T10:00:00Z')?.at.toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(parseInstant('2024-05-01T10:00:00.250-03:00')?.at.toISOString()).toBe('2024-05-01T13:00:00.250Z');
    expect(parseInstant('2024-05-01T10:00+01:00')?.at.toISOString()).toBe('2024-05-01T09:00:00.000Z');
  });

  it.each([
    'yesterday',
    '2024-02-30',
    '2023-02-29',
    '2024-13-01',
    '2024-05-01T10:00:00',
    '2024-05-01T24:00:00Z',
    '2024-W01',
    '1714557600000',
    '',
  ])('refuses %p', (value) => {
    expect(parseInstant(value)).toBeUndefined();
  });

  it('accepts a leap day', () => {
    expect(parseInstant('2024-02-29')?.dateOnly).toBe(true);
  });
});

describe(createdAtRange.name, () => {
  it('is open without bounds', () => {
    expect(createdAtRange()).toEqual({ from: undefined, before: undefined });
  });

  it('covers the whole last day of a date-only range', () => {
    expect(createdAtRange('2024-05-01', '2024-05-31')).toEqual({
      from: new Date('2024-05-01T00:00:00Z'),
      before: new Date('2024-06-01T00:00:00Z'),
    });
  });

  it('includes a date-time end', () => {
    expect(createdAtRange(undefined, '2024-05-01T10:00:00Z').before).toEqual(
      new Date('2024-05-01T10:00:00.001Z'),
    );
  });

  it('accepts one day (from = to)', () => {
    expect(() => createdAtRange('2024-05-01', '2024-05-01')).not.toThrow();
  });

  it('answers 400 for a bad date or from after to', () => {
    for (const [from, to] of [
      ['nope', undefined],
      [undefined, '2024-02-30'],
      ['2024-05-02', '2024-05-01'],
    ]) {
      let error: unknown;
      try {
        createdAtRange(from, to);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ status: 400, code: 'INVALID_DATE_RANGE' });
    }
  });
});
