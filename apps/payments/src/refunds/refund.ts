import type { RefundReason } from '@event-tickets/contracts';
import { toCents } from '../common/money';
import type { PaymentRow } from '../common/payment-status';

export const REFUND_STATUSES = ['REQUESTED', 'VOIDED', 'COMPLETED', 'REJECTED'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** A `refunds` row as pg returns it (NUMERIC as a string). */
export interface RefundRow {
  id: string;
  payment_id: string;
  reason: RefundReason;
  requested_by: string | null;
  /** The passports asked for; null = every ticket of the order not checked in. */
  passports: string[] | null;
  /** The passports tickets voided (known once VOIDED). */
  voided_passports: string[] | null;
  quantity: number;
  amount: string;
  status: RefundStatus;
  rejected_code: string | null;
  gateway_refund_id: string | null;
  attempts: number;
  created_at: Date;
  updated_at: Date;
}

export const REFUND_COLUMNS = `id, payment_id, reason, requested_by, passports, voided_passports, quantity,
  amount, status, rejected_code, gateway_refund_id, attempts, created_at, updated_at`;

/**
 * A payment as refunds see it: its order (quantity, unit price, cutoff; a payment of the original's
 * messages has quantity 1 and no unit price) and what it has given back already.
 */
export type RefundablePayment = PaymentRow;

/**
 * What `seats` more seats of the order give back, in cents: unit price × seats, and the order's last
 * seats take whatever is left, so that the refunds of an order always sum exactly to its amount.
 */
export function refundCents(payment: RefundablePayment, seats: number): number {
  const total = toCents(Number(payment.amount));
  const left = Math.max(0, total - toCents(Number(payment.refunded_amount)));
  const quantity = Math.max(1, payment.quantity);
  if (payment.refunded_quantity + seats >= quantity) return left;
  const unit =
    payment.unit_price !== null ? toCents(Number(payment.unit_price)) : Math.floor(total / quantity);
  return Math.min(left, unit * seats);
}

/** The status a payment reaches once `refunded` of its `quantity` seats are refunded. */
export const refundedStatus = (quantity: number, refunded: number) =>
  refunded >= Math.max(1, quantity) ? ('REFUNDED' as const) : ('PARTIALLY_REFUNDED' as const);
