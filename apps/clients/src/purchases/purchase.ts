import type { Clients, Payments, PayloadOf } from '@event-tickets/contracts';
import type { z } from 'zod';
import type { ClientOwner } from '../clients/clients.repository';

export type PaymentSucceeded = PayloadOf<typeof Payments.PaymentSucceededV1>;
export type SendTicket = z.input<typeof Clients.SendTicketV1.schema>;

export interface Buyer {
  name: string;
  email: string;
  /** The payment carried no user_name: `name` is the fallback. */
  nameFallback: boolean;
}

/**
 * The buyer of a paid purchase. An empty `user_name` (which made the original drop the ticket) falls
 * back to the local part of the email, the part before the last `@` ("ana.silva@example.com" →
 * "ana.silva"); the whole email when that part is empty.
 */
export function buyerOf(payment: PaymentSucceeded): Buyer {
  const email = payment.user_email.trim();
  const name = payment.user_name.trim();
  if (name) return { name, email, nameFallback: false };
  const local = email.slice(0, Math.max(0, email.lastIndexOf('@'))).trim();
  return { name: local || email, email, nameFallback: true };
}

/**
 * SEND_TICKET_TOPIC payload: the original camelCase shape, mapped from the snake_case input, plus
 * `paymentId`, `eventDate`, `userId` (the buying account, which owns the ticket) and the order's
 * `quantity`, `ticketTypeId`, `ticketTypeName` (all additive) when the payment carried them.
 */
export function sendTicketPayload(payment: PaymentSucceeded, buyer: Buyer): SendTicket {
  return {
    name: buyer.name,
    email: buyer.email,
    eventId: payment.event_id,
    eventName: payment.event_name,
    eventDescription: payment.event_description,
    eventImageUrl: payment.event_image_url,
    language: payment.user_language,
    ...(payment.payment_id ? { paymentId: payment.payment_id } : {}),
    ...(payment.event_date ? { eventDate: payment.event_date } : {}),
    ...(payment.user_id ? { userId: payment.user_id } : {}),
    ...(payment.quantity !== undefined ? { quantity: payment.quantity } : {}),
    ...(payment.ticket_type_id ? { ticketTypeId: payment.ticket_type_id } : {}),
    ...(payment.ticket_type_name !== undefined ? { ticketTypeName: payment.ticket_type_name } : {}),
  };
}

/** The first order's `quantity` and `ticket_type_id` for CLIENT_CREATED, when the payment carried them. */
export function orderOf(payment: PaymentSucceeded): { quantity?: number; ticket_type_id?: string } {
  return {
    ...(payment.quantity !== undefined ? { quantity: payment.quantity } : {}),
    ...(payment.ticket_type_id ? { ticket_type_id: payment.ticket_type_id } : {}),
  };
}

/** SEND_TICKET key: the payment (one ticket per purchase); the buyer's email for the original format. */
export function sendTicketKey(payment: PaymentSucceeded, buyer: Buyer): string {
  return payment.payment_id ?? buyer.email.toLowerCase();
}

/**
 * The account the purchase was made from, with when it was paid (the message's occurred-at, else
 * now): the client record follows the latest one. None for the original's payments (no `user_id`).
 */
export function ownerOf(payment: PaymentSucceeded, occurredAt: string | undefined): ClientOwner | undefined {
  if (!payment.user_id) return undefined;
  const paidAt = occurredAt ? new Date(occurredAt) : undefined;
  return { userId: payment.user_id, since: paidAt && !Number.isNaN(paidAt.getTime()) ? paidAt : new Date() };
}
