import { z } from 'zod';
import { baseEnv, composeEnv, kafkaEnv, postgresEnv } from '@event-tickets/service-kit';

export const eventsEnv = composeEnv(
  baseEnv(3001)
    .merge(postgresEnv('events'))
    .extend({
      /** Only for the Swagger "host" field in the original; accepted and ignored. */
      BASE_URL: z.string().optional(),
      /**
       * How long a seat stays held for a payment that is neither confirmed nor released: the length of
       * a hold whose caller names none, the most a caller may ask for, and what an extension gives.
       */
      HOLD_TTL_SECONDS: z.coerce.number().int().positive().default(900),
      /** How often expired holds are looked for (every replica sweeps; SKIP LOCKED shares the work). */
      HOLD_SWEEP_INTERVAL_MS: z.coerce.number().int().positive().default(5000),
      /** Expired holds released per sweep transaction. */
      HOLD_SWEEP_BATCH_SIZE: z.coerce.number().int().positive().default(500),
      /** Most seats one order (hold) may take, for an event that names no `max_tickets_per_order`. */
      MAX_TICKETS_PER_ORDER: z.coerce.number().int().min(1).max(1000).default(10),
      /** Buyers may refund until this many hours before the event, when it names no `refund_cutoff_hours`. */
      REFUND_CUTOFF_HOURS: z.coerce.number().int().min(0).default(24),
    }),
  kafkaEnv('events'),
);
export type EventsEnv = z.output<typeof eventsEnv>;
