import { collectBacklog } from '@event-tickets/service-kit';
import { counter, gauge } from '@event-tickets/telemetry';

/** Business metrics of tickets (exposed at /metrics). */
export const ticketMetrics = {
  issued: counter({ name: 'tickets_issued_total', help: 'Tickets issued (one per seat of a purchase)' }),
  duplicates: counter({
    name: 'tickets_duplicate_requests_total',
    help: 'SEND_TICKET messages for a purchase that already had its ticket (no effect)',
  }),
  emailsSent: counter({
    name: 'ticket_emails_sent_total',
    help: 'Ticket emails accepted by the SMTP server, by kind (first, resend)',
    labelNames: ['kind'] as const,
  }),
  emailsFailed: counter({
    name: 'ticket_emails_failed_total',
    help: 'Failed ticket email attempts (retried with backoff), by reason (transient, rejected)',
    labelNames: ['reason'] as const,
  }),
  emailsPending: gauge({
    name: 'ticket_emails_pending',
    help: 'Ticket emails waiting to be sent (counted when scraped)',
    collect() {
      return collectBacklog('ticket-mail', this);
    },
  }),
  checkIns: counter({
    name: 'ticket_check_ins_total',
    help: 'Check-in requests, by outcome (checked_in, already_checked_in, voided, not_found)',
    labelNames: ['outcome'] as const,
  }),
  voided: counter({
    name: 'tickets_voided_total',
    help: 'Tickets voided by refunds, by source (call: the voids route, message: PAYMENT_REFUNDED)',
    labelNames: ['source'] as const,
  }),
};
