import { z } from 'zod';
import { baseEnv, composeEnv, kafkaEnv, mongoEnv } from '@event-tickets/service-kit';

/** Language codes as the other services use them (`en`, `pt`): a primary subtag, lower case. */
const languageCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2,3}$/, 'must be a language code like pt or en');

export const marketingEnv = composeEnv(
  baseEnv(3005)
    .merge(mongoEnv('marketing'))
    .extend({
      /** Language of a lead created from CLIENT_CREATED without one (the original forced `pt-br`). */
      LEADS_DEFAULT_LANGUAGE: languageCode.default('pt'),
      /** POST /leads: attempts per client address per window, counted in MongoDB (shared by replicas). */
      LEADS_RATE_LIMIT_PER_CLIENT: z.coerce.number().int().positive().default(30),
      LEADS_RATE_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
    }),
  kafkaEnv('marketing'),
);
export type MarketingEnv = z.output<typeof marketingEnv>;
