import type { ServiceDefinition } from '@event-tickets/service-kit';
import { usersEnv } from './config/users.env';
import { UsersModule } from './users.module';

/** How users boots: used by main.ts and by the tests, which build the same app. */
export const usersService = {
  service: 'users',
  module: UsersModule,
  env: usersEnv,
  title: 'Users',
  description: 'Users API: registration, login and tokens',
} satisfies ServiceDefinition<typeof usersEnv>;
