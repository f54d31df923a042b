import { type FirstFailure, Rule } from '@event-tickets/service-kit';
import { parseRfc3339 } from './event-date';
import type { NewTicketType } from './ticket-type';

/** The original's validation messages, in its order, then ours for what it left to the database. */
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
  descriptionTooLong: 'the description field cannot be longer than 5000 characters',
  priceTooHigh: 'the price field cannot be greater than 99999999.99',
  capacityInvalid: 'the capacity field must be an integer greater than or equal to 1',
  capacityTooHigh: 'the capacity field cannot be greater than 2147483647',
} as const;

export interface NewEvent {
  name: string;
  description: string;
  imageUrl: string;
  currency: string;
  price: number;
  eventDate: Date;
  capacity: number | null;
  /** Types beside the default one (absent: none). */
  ticketTypes?: NewTicketType[];
  /** Absent: the env's MAX_TICKETS_PER_ORDER / REFUND_CUTOFF_HOURS, read when answering. */
  maxTicketsPerOrder?: number;
  refundCutoffHours?: number;
}

export type EventChanges = Partial<Omit<NewEvent, 'ticketTypes'>> & { capacity?: number };

const STRINGS = ['name', 'description', 'image_url', 'currency', 'event_date'] as const;
const NUMBERS = ['price', 'capacity'] as const;
type Field = (typeof STRINGS)[number] | (typeof NUMBERS)[number];

/** Wrong JSON types are what the original's decoder refused as "Body is invalid", before any rule. */
const typeMessage = (field: Field, type: 'string' | 'number') =>
  `Body is invalid: the ${field} field must be a ${type}`;

/**
 * A body is answered with its first failing rule in this order (the original's): JSON types first,
 * then its eight rules, then the limits it left to the database. A null field counts as absent, as
 * Go's zero values did.
 */
export const EVENT_RULES: FirstFailure = {
  code: 'INVALID_EVENT',
  order: [
    ...STRINGS.map((f) => typeMessage(f, 'string')),
    ...NUMBERS.map((f) => typeMessage(f, 'number')),
    ...Object.values(EVENT_MESSAGES),
  ],
  notAnObject: 'Body is invalid: a JSON object is expected',
  nullIsNotAnObject: true,
};

const absent = (value: unknown) => value === undefined || value === null;
const codePoints = (s: string) => [...s].length;
const MAX_CENTS = 9_999_999_999;
const MAX_CAPACITY = 2_147_483_647;
/**
 * The description is copied into every message of a purchase (four per buyer): a bound keeps those
 * messages small. The original had none.
 */
export const MAX_DESCRIPTION = 5000;

/** Absent or of this JSON type. */
export const JsonType = (field: Field, type: 'string' | 'number') =>
  Rule({
    name: 'jsonType',
    schema: { type },
    message: typeMessage(field, type),
    validate: (value) => absent(value) || typeof value === type,
  });

/** Neither absent nor empty (the original's "mandatory"). */
export const Mandatory = (message: string) =>
  Rule({ name: 'mandatory', schema: { minLength: 1 }, message, validate: (v) => !absent(v) && v !== '' });

/** An RFC 3339 date-time when given (an empty value is left to `Mandatory`). */
export const Rfc3339 = () =>
  Rule({
    name: 'rfc3339',
    schema: { format: 'date-time' },
    message: EVENT_MESSAGES.eventDateFormat,
    validate: (v) => typeof v !== 'string' || v === '' || parseRfc3339(v) !== undefined,
  });

/** Not before now, when it is a date at all. */
export const NotPast = () =>
  Rule({
    name: 'notPast',
    schema: {},
    message: EVENT_MESSAGES.eventDatePast,
    validate: (v) => {
      const date = typeof v === 'string' ? parseRfc3339(v) : undefined;
      return !date || date.getTime() >= Date.now();
    },
  });

/** At most `max` characters (code points, as PostgreSQL's varchar counts them). */
export const MaxCodePoints = (max: number, message: string) =>
  Rule({
    name: 'maxCodePoints',
    schema: { maxLength: max },
    message,
    validate: (v) => typeof v !== 'string' || codePoints(v) <= max,
  });

/** The original's price rule: given and above zero. */
export const PositivePrice = () =>
  Rule({
    name: 'positivePrice',
    schema: { minimum: 0, exclusiveMinimum: true },
    message: EVENT_MESSAGES.pricePositive,
    validate: (v) => typeof v === 'number' && v > 0,
  });

/** What numeric(10, 2) holds, once rounded to cents. */
export const MaxPrice = () =>
  Rule({
    name: 'maxPrice',
    schema: { maximum: MAX_CENTS / 100 },
    message: EVENT_MESSAGES.priceTooHigh,
    validate: (v) => typeof v !== 'number' || Math.round(v * 100) <= MAX_CENTS,
  });

/** Seats for sale: an integer ≥ 1 that fits the integer column. */
export const Capacity = (): PropertyDecorator => (target, property) => {
  Rule({
    name: 'capacity',
    schema: { type: 'integer', minimum: 1 },
    message: EVENT_MESSAGES.capacityInvalid,
    validate: (v) => typeof v !== 'number' || (Number.isInteger(v) && v >= 1),
  })(target, property);
  Rule({
    name: 'maxCapacity',
    schema: { maximum: MAX_CAPACITY },
    message: EVENT_MESSAGES.capacityTooHigh,
    validate: (v) => typeof v !== 'number' || v <= MAX_CAPACITY,
  })(target, property);
};
