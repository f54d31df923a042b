import {
  EVENT_MESSAGES as M,
  readEventBody,
  validateEventChanges,
  validateNewEvent,
  type EventBody,
} from './event-rules';

const now = new Date('2026-01-01T12:00:00.000Z');
const valid: EventBody = {
  name: 'Rock in Rio',
  description: 'Music festival',
  image_url: 'https://img.example.com/rir.png',
  price: 150.5,
  currency: 'BRL',
  event_date: '2030-09-25T21:00:00.000-03:00',
};
const message = (body: EventBody) => {
  const r = validateNewEvent(body, now);
  return r.ok ? undefined : r.message;
};

describe(validateNewEvent.name, () => {
  it('accepts a valid event, keeping the instant of a date with an offset', () => {
    const r = validateNewEvent({ ...valid, capacity: 100 }, now);
    expect(r).toEqual({
      ok: true,
      value: {
        name: 'Rock in Rio',
        description: 'Music festival',
        imageUrl: 'https://img.example.com/rir.png',
        price: 150.5,
        currency: 'BRL',
        eventDate: new Date('2030-09-26T00:00:00.000Z'),
        capacity: 100,
      },
    });
    expect(validateNewEvent(valid, now)).toMatchObject({ ok: true, value: { capacity: null } });
  });

  it.each<[string, EventBody, string]>([
    ['1. event_date empty', { ...valid, event_date: '' }, M.eventDateMandatory],
    ['1. event_date absent', { ...valid, event_date: undefined }, M.eventDateMandatory],
    ['2. event_date not RFC 3339', { ...valid, event_date: '25/09/2030' }, M.eventDateFormat],
    ['2. event_date without a zone', { ...valid, event_date: '2030-09-25T00:00:00' }, M.eventDateFormat],
    ['2. event_date impossible day', { ...valid, event_date: '2030-02-30T00:00:00Z' }, M.eventDateFormat],
    ['3. name empty', { ...valid, name: '' }, M.nameMandatory],
    ['4. currency empty', { ...valid, currency: '' }, M.currencyMandatory],
    ['5. description empty', { ...valid, description: '' }, M.descriptionMandatory],
    ['6. image_url empty', { ...valid, image_url: '' }, M.imageUrlMandatory],
    ['7. price zero', { ...valid, price: 0 }, M.pricePositive],
    ['7. price negative', { ...valid, price: -1 }, M.pricePositive],
    ['7. price absent', { ...valid, price: undefined }, M.pricePositive],
    ['8. event_date in the past', { ...valid, event_date: '2025-12-31T23:59:59Z' }, M.eventDatePast],
  ])('%s → "%s"', (_, body, expected) => {
    expect(message(body)).toBe(expected);
  });

  it('reports the first failing rule in the original order', () => {
    expect(message({})).toBe(M.eventDateMandatory);
    expect(message({ event_date: 'nope' })).toBe(M.eventDateFormat);
    expect(message({ event_date: '2020-01-01T00:00:00Z' })).toBe(M.nameMandatory);
    expect(message({ ...valid, name: '', currency: '', price: 0 })).toBe(M.nameMandatory);
    expect(message({ ...valid, description: '', image_url: '', price: -5 })).toBe(M.descriptionMandatory);
    expect(message({ ...valid, price: 0, event_date: '2020-01-01T00:00:00Z' })).toBe(M.pricePositive);
  });

  it('refuses what the database would have refused, and a bad capacity', () => {
    expect(message({ ...valid, name: 'x'.repeat(256) })).toBe(M.nameTooLong);
    expect(message({ ...valid, name: 'é'.repeat(255) })).toBeUndefined();
    expect(message({ ...valid, currency: 'DOLLARS-USA' })).toBe(M.currencyTooLong);
    expect(message({ ...valid, price: 100_000_000 })).toBe(M.priceTooHigh);
    expect(message({ ...valid, price: 99_999_999.99 })).toBeUndefined();
    for (const capacity of [0, -1, 1.5]) expect(message({ ...valid, capacity })).toBe(M.capacityInvalid);
    expect(message({ ...valid, capacity: 2 ** 31 })).toBe(M.capacityTooHigh);
    // The original's rules come first.
    expect(message({ ...valid, name: 'x'.repeat(256), currency: '' })).toBe(M.currencyMandatory);
  });
});

describe(validateEventChanges.name, () => {
  const changes = (body: EventBody) => validateEventChanges(body, now);

  it('keeps only what the original would overwrite', () => {
    expect(changes({ name: '', description: 'new', price: 0, currency: '' })).toEqual({
      ok: true,
      value: { description: 'new' },
    });
    expect(changes({ price: -3 })).toEqual({ ok: true, value: {} });
    expect(changes({ price: 10, capacity: 5, event_date: '2031-01-01T00:00:00Z' })).toEqual({
      ok: true,
      value: { price: 10, capacity: 5, eventDate: new Date('2031-01-01T00:00:00Z') },
    });
  });

  it('checks a given event_date, the name length and the capacity', () => {
    expect(changes({ event_date: 'tomorrow' })).toEqual({ ok: false, message: M.eventDateFormat });
    expect(changes({ event_date: '2020-01-01T00:00:00Z' })).toEqual({ ok: false, message: M.eventDatePast });
    expect(changes({ name: 'x'.repeat(256) })).toEqual({ ok: false, message: M.nameTooLong });
    expect(changes({ capacity: 0 })).toEqual({ ok: false, message: M.capacityInvalid });
  });
});

describe(readEventBody.name, () => {
  it('treats null as absent and ignores unknown fields', () => {
    expect(readEventBody({ name: null, price: 3, extra: true })).toEqual({ ok: true, value: { price: 3 } });
  });

  it('refuses wrong JSON types as the original decoder did ("Body is invalid")', () => {
    expect(readEventBody({ price: '10' })).toEqual({
      ok: false,
      message: 'Body is invalid: the price field must be a number',
    });
    expect(readEventBody({ name: 5 })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Body is invalid/),
    });
    for (const body of [null, undefined, [], 'text', 3]) expect(readEventBody(body).ok).toBe(false);
  });
});
