import type { ServiceDefinition } from '@event-tickets/service-kit';
import { ticketsEnv } from './config/tickets.env';
import { TicketsModule } from './tickets.module';

/** How tickets boots: used by main.ts and by the tests, which build the same app. */
export const ticketsService = {
  service: 'tickets',
  module: TicketsModule,
  env: ticketsEnv,
  title: 'Tickets',
  description: 'Tickets API: tickets, their emails and check-in',
} satisfies ServiceDefinition<typeof ticketsEnv>;
