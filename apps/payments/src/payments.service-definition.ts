import type { ServiceDefinition } from '@event-tickets/service-kit';
import { paymentsEnv } from './config/payments.env';
import { PaymentsModule } from './payments.module';

/** How payments boots: used by main.ts and by the tests, which build the same app. */
export const paymentsService = {
  service: 'payments',
  module: PaymentsModule,
  env: paymentsEnv,
  title: 'Payments',
  description: 'Payments API: purchases and their pipeline',
} satisfies ServiceDefinition<typeof paymentsEnv>;
