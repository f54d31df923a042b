import { z } from 'zod';
import { baseEnv, composeEnv, kafkaEnv, postgresEnv } from '@event-tickets/service-kit';

export const clientsEnv = composeEnv(baseEnv(3004).merge(postgresEnv('clients')), kafkaEnv('clients'));
export type ClientsEnv = z.output<typeof clientsEnv>;
