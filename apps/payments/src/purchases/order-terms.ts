import { orderAmount, sameAmount } from '../common/money';
import type { SeatHold } from './events.client';
import type { CreatePaymentRequest } from './payment.requests';
import { PURCHASE_MESSAGES, purchasesError } from './purchases.errors';

/** What a purchase stores about its order, from events' hold (never from the body but the quantity asked). */
export interface OrderTerms {
  quantity: number;
  /** unit price × quantity, exact to the cent: the amount charged. */
  amount: number;
  /** The price of one seat (the ticket type's). */
  unitPrice: number;
  /** The order's ticket type: null for a purchase without order fields (the original's: the default type). */
  ticketTypeId: string | null;
  ticketTypeName: string | null;
  /** The buyer may refund until then (event date − the event's refund cutoff); null: no cutoff known. */
  refundableUntil: Date | null;
}

const HOUR_MS = 3_600_000;

/** A body with `quantity` or `ticket_type_id` is an order: its type and unit price travel with it. */
export function isOrder(body: Pick<CreatePaymentRequest, 'quantity' | 'ticket_type_id'>): boolean {
  return (body.quantity ?? undefined) !== undefined || (body.ticket_type_id ?? undefined) !== undefined;
}

export function refundableUntil(
  eventDate: string | null,
  cutoffHours: number | null | undefined,
): Date | null {
  if (eventDate === null || cutoffHours === null || cutoffHours === undefined) return null;
  const at = Date.parse(eventDate) - cutoffHours * HOUR_MS;
  return Number.isFinite(at) ? new Date(at) : null;
}

/**
 * The order's terms; 409 AMOUNT_MISMATCH when the body's `event_amount` is not the price of one seat
 * (what the buyer was shown; the original's purchase is one seat, so for it that is the amount).
 */
export function orderTerms(
  body: Pick<CreatePaymentRequest, 'quantity' | 'ticket_type_id' | 'event_amount'>,
  hold: SeatHold,
): OrderTerms {
  const { event } = hold;
  if (
    body.event_amount !== undefined &&
    body.event_amount !== null &&
    !sameAmount(body.event_amount, event.price)
  )
    throw purchasesError('AMOUNT_MISMATCH', PURCHASE_MESSAGES.AMOUNT_MISMATCH, {
      price: event.price,
      currency: event.currency,
    });
  const order = isOrder(body);
  return {
    quantity: hold.quantity,
    amount: orderAmount(event.price, hold.quantity),
    unitPrice: event.price,
    ticketTypeId: order ? (hold.ticket_type?.id ?? null) : null,
    ticketTypeName: order ? (hold.ticket_type?.name ?? null) : null,
    refundableUntil: refundableUntil(event.event_date, event.refund_cutoff_hours),
  };
}
