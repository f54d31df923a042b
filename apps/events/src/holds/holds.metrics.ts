import { counter, histogram } from '@event-tickets/telemetry';

/** Business metrics of the seat inventory (exposed at /metrics). */
export const seatMetrics = {
  held: counter({ name: 'events_seats_held_total', help: 'Seats taken by a new hold' }),
  sold: counter({ name: 'events_seats_sold_total', help: 'Holds confirmed as sales' }),
  released: counter({
    name: 'events_seats_released_total',
    help: 'Held seats put back on sale, by reason (request, payment_failed, expired, refunded)',
    labelNames: ['reason'] as const,
  }),
  lost: counter({
    name: 'events_holds_lost_total',
    help: 'Paid payments whose expired hold could not be taken again (sold out meanwhile)',
  }),
  refunded: counter({
    name: 'events_seats_refunded_total',
    help: 'Sold seats put back on sale by a refund (PAYMENT_REFUNDED)',
  }),
  cancelled: counter({ name: 'events_cancelled_total', help: 'Events cancelled by an admin' }),
  holdDuration: histogram({
    name: 'events_hold_duration_seconds',
    help: 'Time to answer a hold request, by outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  }),
};

export type ReleaseReason = 'request' | 'payment_failed' | 'expired' | 'refunded';
