import { counter } from '@event-tickets/telemetry';

/**
 * Business metrics of clients (exposed at /metrics). Counted inside the transaction that makes the
 * change: a commit that fails afterwards (rare; the message is then retried) can count twice.
 */
export const clientMetrics = {
  created: counter({
    name: 'clients_created_total',
    help: 'Clients created, by source (payment: from PAYMENT_SUCCEEDED, api: POST /clients)',
    labelNames: ['source'] as const,
  }),
  purchases: counter({
    name: 'clients_payments_processed_total',
    help: 'PAYMENT_SUCCEEDED messages processed (a ticket requested), by whether the buyer was new or known',
    labelNames: ['client'] as const,
  }),
  nameFallbacks: counter({
    name: 'clients_name_fallbacks_total',
    help: 'Purchases whose user_name was empty: the local part of the email was used as the name',
  }),
};
