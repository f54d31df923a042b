import { validateBody } from '@event-tickets/service-kit';
import { EVENT_MESSAGES as M } from './event-rules';
import { TYPE_MESSAGES } from './ticket-type-rules';
import { CreateEventRequest, eventChanges, newEvent, UpdateEventRequest } from './event.requests';

type EventBody = Record<string, unknown>;
const now = new Date('2026-01-01T12:00:00.000Z');
beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(now.getTime()));
afterEach(() => jest.restoreAllMocks());

/** The failure message of a body, through the same pipe as a request, or undefined when accepted. */
const failure = (type: new () => object, body: unknown) =>
  validateBody(type, body).then(
    () => undefined,
    (e: Error) => e.message,
  );
const message = (body: EventBody) => failure(CreateEventRequest, body);
const created = async (body: EventBody) => newEvent(await validateBody(CreateEventRequest, body));

const valid: EventBody = {
  name: 'Rock in Rio',
  description: 'Music festival',
  image_url: 'https://img.example.com/rir.png',
  price: 150.5,
  currency: 'BRL',
  event_date: '2030-09-25T21:00:00.000-03:00',
};

describe('CreateEventRequest', () => {
  it('accepts a valid event, keeping the instant of a date with an offset', async () => {
    expect(await created({ ...valid, capacity: 100 })).toEqual({
      name: 'Rock in Rio',
      description: 'Music festival',
      imageUrl: 'https://img.example.com/rir.png',
      price: 150.5,
      currency: 'BRL',
      eventDate: new Date('2030-09-26T00:00:00.000Z'),
      capacity: 100,
    });
    expect(await created(valid)).toMatchObject({ capacity: null });
    expect(await created({ ...valid, capacity: null })).toMatchObject({ capacity: null });
  });

  it('reads ticket types and per-order settings when given, and only then', async () => {
    const event = await created({
      ...valid,
      max_tickets_per_order: 4,
      refund_cutoff_hours: 0,
      ticket_types: [{ name: ' VIP ', price: 300, sale_ends_at: '2030-09-01T00:00:00-03:00' }],
    });
    expect(event).toMatchObject({
      maxTicketsPerOrder: 4,
      refundCutoffHours: 0,
      ticketTypes: [
        {
          name: 'VIP',
          price: 300,
          capacity: null,
          saleStartsAt: null,
          saleEndsAt: new Date('2030-09-01T03:00:00Z'),
        },
      ],
    });
    expect(await created(valid)).not.toHaveProperty('ticketTypes');
    expect(await message({ ...valid, ticket_types: 'VIP' })).toBe(TYPE_MESSAGES.typesArray);
    expect(await message({ ...valid, ticket_types: [{ name: 'x', price: 0 }] })).toBe(
      TYPE_MESSAGES.typePrice,
    );
    expect(await message({ ...valid, ticket_types: [{ name: 'x', price: 1, capacity: 0 }] })).toBe(
      TYPE_MESSAGES.typeCapacity,
    );
    expect(await message({ ...valid, max_tickets_per_order: 0 })).toBe(TYPE_MESSAGES.maxTickets);
    expect(await message({ ...valid, refund_cutoff_hours: -1 })).toBe(TYPE_MESSAGES.refundCutoff);
    // The original's rules still come first.
    expect(await message({ ...valid, name: '', ticket_types: 'VIP' })).toBe(M.nameMandatory);
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
  ])('%s → "%s"', async (_, body, expected) => {
    expect(await message(body)).toBe(expected);
  });

  it('reports the first failing rule in the original order', async () => {
    expect(await message({})).toBe(M.eventDateMandatory);
    expect(await message({ event_date: 'nope' })).toBe(M.eventDateFormat);
    expect(await message({ event_date: '2020-01-01T00:00:00Z' })).toBe(M.nameMandatory);
    expect(await message({ ...valid, name: '', currency: '', price: 0 })).toBe(M.nameMandatory);
    expect(await message({ ...valid, description: '', image_url: '', price: -5 })).toBe(
      M.descriptionMandatory,
    );
    expect(await message({ ...valid, price: 0, event_date: '2020-01-01T00:00:00Z' })).toBe(M.pricePositive);
  });

  it('refuses what the database would have refused, and a bad capacity', async () => {
    expect(await message({ ...valid, name: 'x'.repeat(256) })).toBe(M.nameTooLong);
    expect(await message({ ...valid, name: 'é'.repeat(255) })).toBeUndefined();
    expect(await message({ ...valid, currency: 'DOLLARS-USA' })).toBe(M.currencyTooLong);
    expect(await message({ ...valid, price: 100_000_000 })).toBe(M.priceTooHigh);
    expect(await message({ ...valid, price: 99_999_999.99 })).toBeUndefined();
    for (const capacity of [0, -1, 1.5])
      expect(await message({ ...valid, capacity })).toBe(M.capacityInvalid);
    expect(await message({ ...valid, capacity: 2 ** 31 })).toBe(M.capacityTooHigh);
    expect(await message({ ...valid, description: 'd'.repeat(5001) })).toBe(M.descriptionTooLong);
    expect(await message({ ...valid, description: 'é'.repeat(5000) })).toBeUndefined();
    // The original's rules come first.
    expect(await message({ ...valid, name: 'x'.repeat(256), currency: '' })).toBe(M.currencyMandatory);
  });
});

describe('UpdateEventRequest', () => {
  const changes = async (body: EventBody) => eventChanges(await validateBody(UpdateEventRequest, body));
  const refused = (body: EventBody) => failure(UpdateEventRequest, body);

  it('keeps only what the original would overwrite', async () => {
    expect(await changes({ name: '', description: 'new', price: 0, currency: '' })).toEqual({
      description: 'new',
    });
    expect(await changes({ price: -3 })).toEqual({});
    expect(await changes({ name: null, event_date: '', capacity: null })).toEqual({});
    expect(await changes({ price: 10, capacity: 5, event_date: '2031-01-01T00:00:00Z' })).toEqual({
      price: 10,
      capacity: 5,
      eventDate: new Date('2031-01-01T00:00:00Z'),
    });
  });

  it('checks a given event_date, the name and description lengths and the capacity', async () => {
    expect(await refused({ event_date: 'tomorrow' })).toBe(M.eventDateFormat);
    expect(await refused({ event_date: '2020-01-01T00:00:00Z' })).toBe(M.eventDatePast);
    expect(await refused({ name: 'x'.repeat(256) })).toBe(M.nameTooLong);
    expect(await refused({ capacity: 0 })).toBe(M.capacityInvalid);
    expect(await refused({ price: 100_000_000 })).toBe(M.priceTooHigh);
    expect(await refused({ description: 'd'.repeat(5001) })).toBe(M.descriptionTooLong);
    expect(await changes({ description: 'd'.repeat(5000) })).toEqual({ description: 'd'.repeat(5000) });
  });
});

describe('event bodies', () => {
  it('treats null as absent and ignores unknown fields', async () => {
    const body = await validateBody(UpdateEventRequest, { name: null, price: 3, extra: true });
    expect(body).not.toHaveProperty('extra');
    expect(eventChanges(body)).toEqual({ price: 3 });
    expect(await message({ ...valid, name: null })).toBe(M.nameMandatory);
  });

  it('refuses wrong JSON types as the original decoder did ("Body is invalid"), before any rule', async () => {
    expect(await message({ ...valid, price: '10' })).toBe(
      'Body is invalid: the price field must be a number',
    );
    expect(await message({ name: 5 })).toBe('Body is invalid: the name field must be a string');
    expect(await failure(UpdateEventRequest, { capacity: '10' })).toBe(
      'Body is invalid: the capacity field must be a number',
    );
    for (const body of [null, undefined, [], 'text', 3]) {
      expect(await failure(CreateEventRequest, body)).toBe('Body is invalid: a JSON object is expected');
    }
  });

  it('answers with the INVALID_EVENT code', async () => {
    await expect(validateBody(CreateEventRequest, {})).rejects.toMatchObject({
      code: 'INVALID_EVENT',
      status: 400,
    });
  });
});
