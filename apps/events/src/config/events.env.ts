import { z } from 'zod';
import { baseEnv, postgresEnv } from '@event-tickets/service-kit';

export const eventsEnv = baseEnv(3001).merge(postgresEnv('events')).extend({
  /** Only for the Swagger "host" field in the original; accepted and ignored. */
  BASE_URL: z.string().optional(),
});
export type EventsEnv = z.output<typeof eventsEnv>;
