import '@event-tickets/telemetry/register';
import { bootstrapService } from '@event-tickets/service-kit';
import { clientsService } from './clients.service-definition';

void bootstrapService(clientsService);
