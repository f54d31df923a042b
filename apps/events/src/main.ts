import '@event-tickets/telemetry/register';
import { bootstrapService } from '@event-tickets/service-kit';
import { eventsService } from './events.service-definition';

void bootstrapService(eventsService);
