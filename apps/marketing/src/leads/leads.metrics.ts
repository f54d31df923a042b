import { counter } from '@event-tickets/telemetry';

/** Business counters, counted once per effect (a redelivered message that changes nothing counts nothing). */
export const leadsMetrics = {
  created: counter({
    name: 'leads_created_total',
    help: 'Leads created, by origin: form (POST /leads) or purchase (CLIENT_CREATED)',
    labelNames: ['origin'] as const,
  }),
  converted: counter({
    name: 'leads_converted_total',
    help: 'Leads that became converted, by how: form (posted converted) or purchase (CLIENT_CREATED)',
    labelNames: ['via'] as const,
  }),
  erased: counter({ name: 'leads_erased_total', help: 'Leads erased on request (GDPR)' }),
  rateLimited: counter({ name: 'leads_rate_limited_total', help: 'POST /leads refused with 429' }),
};
