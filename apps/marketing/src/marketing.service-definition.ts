import type { ServiceDefinition } from '@event-tickets/service-kit';
import { marketingEnv } from './config/marketing.env';
import { MarketingModule } from './marketing.module';

/** How marketing boots: used by main.ts and by the tests, which build the same app. */
export const marketingService = {
  service: 'marketing',
  module: MarketingModule,
  env: marketingEnv,
  title: 'Marketing API',
  description: 'Marketing API: leads, conversions and attribution',
} satisfies ServiceDefinition<typeof marketingEnv>;
