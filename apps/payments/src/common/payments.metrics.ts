import { collectBacklog } from '@event-tickets/service-kit';
import { counter, gauge, histogram } from '@event-tickets/telemetry';

/** Business metrics of payments (Prometheus, at GET /metrics). */
export const paymentsMetrics = {
  /** Payments entering each status: PENDING when created, then SUCCESS or FAILED. */
  payments: counter({
    name: 'payments_total',
    help: 'Payments by the status they reached',
    labelNames: ['status'] as const,
  }),
  gatewayDuration: histogram({
    name: 'payment_gateway_duration_seconds',
    help: 'Time the payment gateway took to answer, by outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  }),
  emailsSent: counter({
    name: 'payment_emails_sent_total',
    help: 'Payment emails accepted by the SMTP server',
    labelNames: ['kind'] as const,
  }),
  emailFailures: counter({
    name: 'payment_email_failures_total',
    help: 'Payment email attempts the SMTP server did not accept (retried)',
  }),
  emailsPending: gauge({
    name: 'payment_emails_pending',
    help: 'Payment emails recorded and not yet sent (counted when scraped)',
    collect() {
      return collectBacklog('payment-mail', this);
    },
  }),
  eventsCalls: histogram({
    name: 'payment_events_call_duration_seconds',
    help: 'Calls to the events service (seat holds), by outcome',
    labelNames: ['operation', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3],
  }),
  holdReleases: counter({
    name: 'payment_hold_releases_total',
    help: 'Seat holds given back for purchases that were not stored, by outcome (released, retry)',
    labelNames: ['outcome'] as const,
  }),
  purchasesShed: counter({
    name: 'payment_purchases_shed_total',
    help: 'Purchases answered 503 at once because EVENTS_MAX_IN_FLIGHT purchases were talking to events',
  }),
  refunds: counter({
    name: 'payments_refunds_total',
    help: 'Refunds completed, by reason (buyer, admin, event_cancelled, no_seat)',
    labelNames: ['reason'] as const,
  }),
  refundedAmount: counter({
    name: 'payments_refunded_amount_total',
    help: 'Money given back by completed refunds, by currency',
    labelNames: ['currency'] as const,
  }),
  refundsRejected: counter({
    name: 'payments_refunds_rejected_total',
    help: 'Refunds tickets refused (a ticket checked in, not of the order, ...), by code',
    labelNames: ['code'] as const,
  }),
};
