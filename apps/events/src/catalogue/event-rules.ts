import { parseRfc3339 } from './event-date';

/** The original's validation messages (reference §1.3), then ours for what it left to the database. */
export const EVENT_MESSAGES = {
  eventDateMandatory: 'the event_date field is mandatory',
  eventDateFormat: "the event_date field must have this format '2024-09-25T00:00:00.000Z'",
  nameMandatory: 'the name field is mandatory',
  currencyMandatory: 'the currency field is mandatory',
  descriptionMandatory: 'the description field is mandatory',
  imageUrlMandatory: 'the image_url field is mandatory',
  pricePositive: 'the price field cannot be less than or equal to zero',
  eventDatePast: 'the event_date field cannot be less than the current date',
  nameTooLong: 'the name field cannot be longer than 255 characters',
  currencyTooLong: 'the currency field cannot be longer than 10 characters',
  priceTooHigh: 'the price field cannot be greater than 99999999.99',
  capacityInvalid: 'the capacity field must be an integer greater than or equal to 1',
  capacityTooHigh: 'the capacity field cannot be greater than 2147483647',
} as const;

/** The request body once its JSON types are right (null counts as absent, as Go's zero values). */
export interface EventBody {
  name?: string;
  description?: string;
  image_url?: string;
  currency?: string;
  event_date?: string;
  price?: number;
  capacity?: number;
}

export interface NewEvent {
  name: string;
  description: string;
  imageUrl: string;
  currency: string;
  price: number;
  eventDate: Date;
  capacity: number | null;
}

export type EventChanges = Partial<NewEvent> & { capacity?: number };

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const STRINGS = ['name', 'description', 'image_url', 'currency', 'event_date'] as const;
const NUMBERS = ['price', 'capacity'] as const;

/** Wrong JSON types are what the original's decoder refused as "Body is invalid". */
export function readEventBody(raw: unknown): Checked<EventBody> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, message: 'Body is invalid: a JSON object is expected' };
  }
  const body = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [fields, type] of [
    [STRINGS, 'string'],
    [NUMBERS, 'number'],
  ] as const) {
    for (const field of fields) {
      const value = body[field];
      if (value === undefined || value === null) continue;
      if (typeof value !== type)
        return { ok: false, message: `Body is invalid: the ${field} field must be a ${type}` };
      out[field] = value;
    }
  }
  return { ok: true, value: out as EventBody };
}

const codePoints = (s: string) => [...s].length;
const fail = (message: string): Checked<never> => ({ ok: false, message });

/** What the original stored only to fail in the database (→ 500), and the new capacity. */
function checkLimits(body: EventBody): string | undefined {
  if (body.name !== undefined && codePoints(body.name) > 255) return EVENT_MESSAGES.nameTooLong;
  if (body.currency !== undefined && codePoints(body.currency) > 10) return EVENT_MESSAGES.currencyTooLong;
  if (body.price !== undefined && Math.round(body.price * 100) > 9_999_999_999)
    return EVENT_MESSAGES.priceTooHigh;
  if (body.capacity !== undefined) {
    if (!Number.isInteger(body.capacity) || body.capacity < 1) return EVENT_MESSAGES.capacityInvalid;
    if (body.capacity > 2_147_483_647) return EVENT_MESSAGES.capacityTooHigh;
  }
  return undefined;
}

/** Creation: the original's eight rules in its order, the first failure wins; then the limits. */
export function validateNewEvent(body: EventBody, now: Date): Checked<NewEvent> {
  if (!body.event_date) return fail(EVENT_MESSAGES.eventDateMandatory);
  const eventDate = parseRfc3339(body.event_date);
  if (!eventDate) return fail(EVENT_MESSAGES.eventDateFormat);
  if (!body.name) return fail(EVENT_MESSAGES.nameMandatory);
  if (!body.currency) return fail(EVENT_MESSAGES.currencyMandatory);
  if (!body.description) return fail(EVENT_MESSAGES.descriptionMandatory);
  if (!body.image_url) return fail(EVENT_MESSAGES.imageUrlMandatory);
  if (!body.price || body.price <= 0) return fail(EVENT_MESSAGES.pricePositive);
  if (eventDate.getTime() < now.getTime()) return fail(EVENT_MESSAGES.eventDatePast);
  const limit = checkLimits(body);
  if (limit) return fail(limit);
  return {
    ok: true,
    value: {
      name: body.name,
      description: body.description,
      imageUrl: body.image_url,
      currency: body.currency,
      price: body.price,
      eventDate,
      capacity: body.capacity ?? null,
    },
  };
}

/**
 * Update, partial as in the original: non-empty strings overwrite, price only when > 0, event_date
 * (when given) must parse and not be past; capacity (when given) must be an integer ≥ 1.
 */
export function validateEventChanges(body: EventBody, now: Date): Checked<EventChanges> {
  const changes: EventChanges = {};
  if (body.event_date) {
    const eventDate = parseRfc3339(body.event_date);
    if (!eventDate) return fail(EVENT_MESSAGES.eventDateFormat);
    if (eventDate.getTime() < now.getTime()) return fail(EVENT_MESSAGES.eventDatePast);
    changes.eventDate = eventDate;
  }
  const limit = checkLimits(body);
  if (limit) return fail(limit);
  if (body.name) changes.name = body.name;
  if (body.description) changes.description = body.description;
  if (body.image_url) changes.imageUrl = body.image_url;
  if (body.currency) changes.currency = body.currency;
  if (body.price !== undefined && body.price > 0) changes.price = body.price;
  if (body.capacity !== undefined) changes.capacity = body.capacity;
  return { ok: true, value: changes };
}
