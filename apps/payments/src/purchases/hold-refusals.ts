import type { DomainError } from '@event-tickets/service-kit';
import { PURCHASE_MESSAGES, purchasesError } from './purchases.errors';

/** What a purchase asks events to hold besides the event: absent fields are one seat of the default type. */
export interface HoldOrder {
  quantity?: number;
  ticketTypeId?: string;
}

/** The order of a request body (`null` is absent, as the validation lets it through). */
export const holdOrderOf = (body: {
  quantity?: number | null;
  ticket_type_id?: string | null;
}): HoldOrder => ({
  quantity: body.quantity ?? undefined,
  ticketTypeId: body.ticket_type_id ?? undefined,
});

/** A refusal's detail: events puts it under `details` (the kit's error body); a bare field is read too. */
function detail(body: unknown, name: string): unknown {
  const b = (body ?? {}) as { details?: Record<string, unknown> } & Record<string, unknown>;
  return b.details?.[name] ?? b[name];
}

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;

/**
 * SOLD_OUT, with the seats left of the type when events says. "event is sold out" when none is
 * left (the original's answer, unchanged for a purchase of one seat); an order of several seats when
 * fewer are left is told how many there are.
 */
export function soldOut(available: number | undefined): DomainError {
  const message =
    available !== undefined && available > 0
      ? PURCHASE_MESSAGES.NOT_ENOUGH_SEATS
      : PURCHASE_MESSAGES.SOLD_OUT;
  return purchasesError('SOLD_OUT', message, available === undefined ? undefined : { available });
}

/**
 * events' refusal of a hold as the purchase's answer, or undefined when it is none of the refusals
 * (the caller answers "events unavailable"). Nothing is held after any of these.
 */
export function holdRefusal(status: number, body: unknown): DomainError | undefined {
  const code = (body as { code?: unknown } | undefined)?.code;
  if (status === 404 && code === 'TICKET_TYPE_NOT_FOUND')
    return purchasesError('TICKET_TYPE_NOT_FOUND', PURCHASE_MESSAGES.TICKET_TYPE_NOT_FOUND);
  if (status === 400 && code === 'QUANTITY_ABOVE_LIMIT') {
    const max = count(detail(body, 'max_tickets_per_order'));
    return purchasesError(
      'QUANTITY_ABOVE_LIMIT',
      max === undefined
        ? PURCHASE_MESSAGES.QUANTITY_ABOVE_LIMIT
        : `at most ${max} tickets per order for this event`,
      max === undefined ? undefined : { max_tickets_per_order: max },
    );
  }
  // 400: events takes integer ids only; any other id names no event.
  if (status === 404 || status === 400)
    return purchasesError('EVENT_NOT_FOUND', PURCHASE_MESSAGES.EVENT_NOT_FOUND);
  if (status !== 409) return undefined;
  if (code === 'SOLD_OUT') return soldOut(count(detail(body, 'available')));
  if (code === 'SALE_NOT_STARTED' || code === 'SALE_ENDED' || code === 'EVENT_CANCELLED')
    return purchasesError(code, PURCHASE_MESSAGES[code]);
  return undefined;
}
