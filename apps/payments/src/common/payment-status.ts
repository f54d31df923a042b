export const PAYMENT_STATUSES = ['PENDING', 'SUCCESS', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** A `payments` row as pg returns it (NUMERIC as a string, timestamps as Dates). */
export interface PaymentRow {
  id: string;
  user_id: string | null;
  user_email: string;
  user_name: string;
  user_language: string;
  status: PaymentStatus;
  event_id: string;
  amount: string;
  currency: string;
  reason: string | null;
  event_name: string;
  event_description: string;
  event_image_url: string;
  event_date: Date | null;
  deadline_at: Date | null;
  created_at: Date;
  updated_at: Date;
  /** Seats in the order (1 for a purchase without quantity). */
  quantity: number;
  /** The ticket type ordered; null: a purchase without order fields (the event's default type). */
  ticket_type_id: string | null;
  ticket_type_name: string | null;
  /** The price of one seat; null on payments stored before orders (one seat: the amount). */
  unit_price: string | null;
  /** The buyer may refund until then; null: no cutoff. */
  refundable_until: Date | null;
  /** Seats and money given back so far (REFUNDED / PARTIALLY_REFUNDED). */
  refunded_quantity: number;
  refunded_amount: string;
}

export const PAYMENT_COLUMNS = `id, user_id, user_email, user_name, user_language, status, event_id, amount,
  currency, reason, event_name, event_description, event_image_url, event_date, deadline_at, created_at, updated_at,
  quantity, ticket_type_id, ticket_type_name, unit_price, refundable_until, refunded_quantity, refunded_amount`;
