import { type FirstFailure, Rule } from '@event-tickets/service-kit';
import { parseRfc3339 } from './event-date';

/** Messages of the ticket-type fields (the create body's `ticket_types` entries and the type routes). */
export const TYPE_MESSAGES = {
  typesArray: 'the ticket_types field must be an array of at most 50 objects',
  typeName: 'a ticket type name is mandatory and at most 255 characters',
  typePrice: 'a ticket type price must be a number above zero and at most 99999999.99',
  typeCapacity: 'a ticket type capacity must be an integer from 1 to 2147483647, or null (unlimited)',
  typeWindow: 'sale_starts_at and sale_ends_at must be RFC 3339 dates, the start before the end',
  maxTickets: 'the max_tickets_per_order field must be an integer from 1 to 1000',
  refundCutoff: 'the refund_cutoff_hours field must be an integer from 0 to 8760',
} as const;

export const TYPE_RULES: FirstFailure = {
  code: 'INVALID_TICKET_TYPE',
  order: Object.values(TYPE_MESSAGES),
  notAnObject: 'Body is invalid: a JSON object is expected',
  nullIsNotAnObject: true,
};

const MAX_CAPACITY = 2_147_483_647;
const absent = (v: unknown) => v === undefined || v === null;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const validName = (v: unknown) => typeof v === 'string' && v.trim() !== '' && [...v].length <= 255;
export const validPrice = (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 && Math.round(v * 100) <= 9_999_999_999;
export const validCapacity = (v: unknown) =>
  absent(v) || (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_CAPACITY);
const date = (v: unknown) => (typeof v === 'string' ? parseRfc3339(v) : undefined);
/** Both bounds absent or dates, the start before the end. */
export function validWindow(starts: unknown, ends: unknown): boolean {
  const s = absent(starts) ? null : date(starts);
  const e = absent(ends) ? null : date(ends);
  if (s === undefined || e === undefined) return false;
  return !s || !e || s < e;
}

/** One rule over every entry of the create body's `ticket_types`. */
const eachType = (name: string, message: string, ok: (t: Record<string, unknown>) => boolean) =>
  Rule({
    name,
    schema: {},
    message,
    validate: (v) => !Array.isArray(v) || v.every((t) => !isObject(t) || ok(t)),
  });

/** The create body's optional `ticket_types`: extra types beside the default one. */
export const TicketTypesField = (): PropertyDecorator => (target, property) => {
  Rule({
    name: 'ticketTypes',
    schema: {},
    message: TYPE_MESSAGES.typesArray,
    validate: (v) => absent(v) || (Array.isArray(v) && v.length <= 50 && v.every(isObject)),
  })(target, property);
  eachType('ticketTypeName', TYPE_MESSAGES.typeName, (t) => validName(t.name))(target, property);
  eachType('ticketTypePrice', TYPE_MESSAGES.typePrice, (t) => validPrice(t.price))(target, property);
  eachType('ticketTypeCapacity', TYPE_MESSAGES.typeCapacity, (t) => validCapacity(t.capacity))(
    target,
    property,
  );
  eachType('ticketTypeWindow', TYPE_MESSAGES.typeWindow, (t) =>
    validWindow(t.sale_starts_at, t.sale_ends_at),
  )(target, property);
};

/** An optional integer in [min, max]. */
export const OptionalInt = (name: string, min: number, max: number, message: string) =>
  Rule({
    name,
    schema: { type: 'integer', minimum: min, maximum: max },
    message,
    validate: (v) => absent(v) || (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max),
  });

/** A sale-window bound: absent, null, or an RFC 3339 date (checked against the other bound). */
export const SaleWindow = () =>
  Rule({
    name: 'saleWindow',
    schema: { format: 'date-time' },
    message: TYPE_MESSAGES.typeWindow,
    validate: (_, body) => {
      const b = body as Record<string, unknown>;
      return validWindow(b.sale_starts_at, b.sale_ends_at);
    },
  });

/** A window bound of a body: absent (undefined), cleared (null) or a date. */
export const windowBound = (v: unknown): Date | null | undefined =>
  v === undefined ? undefined : v === null ? null : (parseRfc3339(v as string) ?? null);
