import '@event-tickets/telemetry/register';
import { bootstrapService } from '@event-tickets/service-kit';
import { marketingService } from './marketing.service-definition';

void bootstrapService(marketingService);
