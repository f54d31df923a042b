import '@event-tickets/telemetry/register';
import { bootstrapService } from '@event-tickets/service-kit';
import { ticketsService } from './tickets.service-definition';

void bootstrapService(ticketsService);
