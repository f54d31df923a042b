import '@event-tickets/telemetry/register';
import { bootstrapService } from '@event-tickets/service-kit';
import { paymentsService } from './payments.service-definition';

void bootstrapService(paymentsService);
