import { IsOptional } from 'class-validator';
import { Doc, RequestSchema } from '@event-tickets/service-kit';
import { parseRfc3339 } from './event-date';
import {
  Capacity,
  EVENT_MESSAGES as M,
  EVENT_RULES,
  type EventChanges,
  JsonType,
  Mandatory,
  MAX_DESCRIPTION,
  MaxCodePoints,
  MaxPrice,
  type NewEvent,
  NotPast,
  PositivePrice,
  Rfc3339,
} from './event-rules';
import { OptionalInt, TicketTypesField, TYPE_MESSAGES } from './ticket-type-rules';
import type { NewTicketType } from './ticket-type';

const LIMITS_DOC = {
  max: 'most seats one order (hold) may take; absent = the env default (MAX_TICKETS_PER_ORDER, 10)',
  cutoff:
    'buyers may refund until this many hours before event_date; absent = the env default (REFUND_CUTOFF_HOURS, 24)',
};

interface TicketTypeBody {
  name: string;
  price: number;
  capacity?: number | null;
  sale_starts_at?: string | null;
  sale_ends_at?: string | null;
}

/** POST /events/admin: the original's rules, the first failing one answers (EVENT_RULES). */
@RequestSchema({ firstFailure: EVENT_RULES })
export class CreateEventRequest {
  @Doc({ example: 'Rock in Rio' })
  @JsonType('name', 'string')
  @Mandatory(M.nameMandatory)
  @MaxCodePoints(255, M.nameTooLong)
  name!: string;

  @Doc({ example: 'Music festival' })
  @JsonType('description', 'string')
  @Mandatory(M.descriptionMandatory)
  @MaxCodePoints(MAX_DESCRIPTION, M.descriptionTooLong)
  description!: string;

  @Doc({ example: 'https://img.example.com/rir.png' })
  @JsonType('image_url', 'string')
  @Mandatory(M.imageUrlMandatory)
  image_url!: string;

  @Doc({ example: 150.5, description: '> 0, two decimals kept' })
  @JsonType('price', 'number')
  @PositivePrice()
  @MaxPrice()
  price!: number;

  @Doc({ example: 'BRL' })
  @JsonType('currency', 'string')
  @Mandatory(M.currencyMandatory)
  @MaxCodePoints(10, M.currencyTooLong)
  currency!: string;

  @Doc({ example: '2030-09-25T21:00:00.000-03:00', description: 'RFC 3339, not in the past' })
  @JsonType('event_date', 'string')
  @Mandatory(M.eventDateMandatory)
  @Rfc3339()
  @NotPast()
  event_date!: string;

  @Doc({ example: 1000, description: 'seats for sale; absent = unlimited' })
  @IsOptional()
  @JsonType('capacity', 'number')
  @Capacity()
  capacity?: number | null;

  @Doc({
    description:
      "Optional: ticket types beside the default one (the event's own price and capacity), each " +
      '{name, price, capacity? (null = unlimited), sale_starts_at?, sale_ends_at? (RFC 3339)}',
  })
  @IsOptional()
  @TicketTypesField()
  ticket_types?: TicketTypeBody[] | null;

  @Doc({ example: 10, description: LIMITS_DOC.max })
  @IsOptional()
  @OptionalInt('maxTicketsPerOrder', 1, 1000, TYPE_MESSAGES.maxTickets)
  max_tickets_per_order?: number | null;

  @Doc({ example: 24, description: LIMITS_DOC.cutoff })
  @IsOptional()
  @OptionalInt('refundCutoffHours', 0, 8760, TYPE_MESSAGES.refundCutoff)
  refund_cutoff_hours?: number | null;
}

/** Every field optional: empty strings, price ≤ 0 and null are ignored (the original's partial update). */
@RequestSchema({ firstFailure: EVENT_RULES })
export class UpdateEventRequest {
  @IsOptional()
  @JsonType('name', 'string')
  @MaxCodePoints(255, M.nameTooLong)
  name?: string | null;

  @IsOptional()
  @JsonType('description', 'string')
  @MaxCodePoints(MAX_DESCRIPTION, M.descriptionTooLong)
  description?: string | null;

  @IsOptional()
  @JsonType('image_url', 'string')
  image_url?: string | null;

  @Doc({ description: 'applied when > 0' })
  @IsOptional()
  @JsonType('price', 'number')
  @MaxPrice()
  price?: number | null;

  @IsOptional()
  @JsonType('currency', 'string')
  @MaxCodePoints(10, M.currencyTooLong)
  currency?: string | null;

  @Doc({ description: 'RFC 3339, not in the past' })
  @IsOptional()
  @JsonType('event_date', 'string')
  @Rfc3339()
  @NotPast()
  event_date?: string | null;

  @Doc({ description: 'not below the seats already held or sold (409)' })
  @IsOptional()
  @JsonType('capacity', 'number')
  @Capacity()
  capacity?: number | null;

  @Doc({ example: 10, description: LIMITS_DOC.max })
  @IsOptional()
  @OptionalInt('maxTicketsPerOrder', 1, 1000, TYPE_MESSAGES.maxTickets)
  max_tickets_per_order?: number | null;

  @Doc({ example: 24, description: LIMITS_DOC.cutoff })
  @IsOptional()
  @OptionalInt('refundCutoffHours', 0, 8760, TYPE_MESSAGES.refundCutoff)
  refund_cutoff_hours?: number | null;
}

const toNewType = (t: TicketTypeBody): NewTicketType => ({
  name: t.name.trim(),
  price: t.price,
  capacity: t.capacity ?? null,
  saleStartsAt: t.sale_starts_at ? parseRfc3339(t.sale_starts_at)! : null,
  saleEndsAt: t.sale_ends_at ? parseRfc3339(t.sale_ends_at)! : null,
});

/** A checked creation body as the event to store. */
export function newEvent(body: CreateEventRequest): NewEvent {
  return {
    name: body.name,
    description: body.description,
    imageUrl: body.image_url,
    currency: body.currency,
    price: body.price,
    eventDate: parseRfc3339(body.event_date)!,
    capacity: body.capacity ?? null,
    ...(body.ticket_types?.length ? { ticketTypes: body.ticket_types.map(toNewType) } : {}),
    ...(typeof body.max_tickets_per_order === 'number'
      ? { maxTicketsPerOrder: body.max_tickets_per_order }
      : {}),
    ...(typeof body.refund_cutoff_hours === 'number' ? { refundCutoffHours: body.refund_cutoff_hours } : {}),
  };
}

/** What a checked update overwrites: non-empty strings, a price > 0, a given date and capacity. */
export function eventChanges(body: UpdateEventRequest): EventChanges {
  const changes: EventChanges = {};
  if (body.event_date) changes.eventDate = parseRfc3339(body.event_date)!;
  if (body.name) changes.name = body.name;
  if (body.description) changes.description = body.description;
  if (body.image_url) changes.imageUrl = body.image_url;
  if (body.currency) changes.currency = body.currency;
  if (typeof body.price === 'number' && body.price > 0) changes.price = body.price;
  if (typeof body.capacity === 'number') changes.capacity = body.capacity;
  if (typeof body.max_tickets_per_order === 'number') changes.maxTicketsPerOrder = body.max_tickets_per_order;
  if (typeof body.refund_cutoff_hours === 'number') changes.refundCutoffHours = body.refund_cutoff_hours;
  return changes;
}
