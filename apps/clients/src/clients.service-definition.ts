import type { ServiceDefinition } from '@event-tickets/service-kit';
import { clientsEnv } from './config/clients.env';
import { ClientsModule } from './clients.module';

/** How clients boots: used by main.ts and by the tests, which build the same app. */
export const clientsService = {
  service: 'clients',
  module: ClientsModule,
  env: clientsEnv,
  title: 'Clients',
  description: 'Clients API: buyers from successful payments',
} satisfies ServiceDefinition<typeof clientsEnv>;
