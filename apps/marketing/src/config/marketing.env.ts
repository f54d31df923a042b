import { z } from 'zod';
import { baseEnv, composeEnv, kafkaEnv, mongoEnv } from '@event-tickets/service-kit';

export const marketingEnv = composeEnv(baseEnv(3005).merge(mongoEnv('marketing')), kafkaEnv('marketing'));
export type MarketingEnv = z.output<typeof marketingEnv>;
