import { z } from 'zod';

/**
 * The order fields added for orders of several tickets and ticket types. All optional on the reading
 * side: a message from the original (or from before orders) is one seat of the event's default type.
 */
export const quantity = () => z.number().int().min(1).max(1000).optional();
export const ticketTypeId = () => z.string().min(1).optional();

/**
 * Why an order was refunded: its buyer or an admin asked, its event was cancelled, or its payment
 * succeeded after the hold was gone and no seat was left (`no_seat`).
 */
export const REFUND_REASONS = ['buyer', 'admin', 'event_cancelled', 'no_seat'] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];
