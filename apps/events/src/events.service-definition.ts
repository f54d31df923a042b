import type { ServiceDefinition } from '@event-tickets/service-kit';
import { eventsEnv } from './config/events.env';
import { EventsModule } from './events.module';

/** How events boots: used by main.ts and by the tests, which build the same app. */
export const eventsService = {
  service: 'events',
  module: EventsModule,
  env: eventsEnv,
  title: 'Events',
  description: 'Events API: the catalogue, capacity and seat holds',
} satisfies ServiceDefinition<typeof eventsEnv>;
