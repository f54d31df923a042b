import '@event-tickets/telemetry/register';
import { bootstrapService } from '@event-tickets/service-kit';
import { usersService } from './users.service-definition';

void bootstrapService(usersService);
