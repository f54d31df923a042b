import { z } from 'zod';
import { baseEnv, composeEnv, kafkaEnv, mailEnv, mongoEnv } from '@event-tickets/service-kit';

export const ticketsEnv = composeEnv(
  baseEnv(4001).merge(mongoEnv('tickets')).merge(mailEnv),
  kafkaEnv('tickets'),
);
export type TicketsEnv = z.output<typeof ticketsEnv>;
