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
  // GET/DELETE /leads/:email: an email is up to 254 characters, more once URL-encoded.
  maxParamLength: 1024,
} satisfies ServiceDefinition<typeof marketingEnv>;
