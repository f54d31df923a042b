import { z } from 'zod';
import { baseEnv, composeEnv, kafkaEnv, mailEnv, postgresEnv } from '@event-tickets/service-kit';

export const paymentsEnv = composeEnv(
  baseEnv(3002).merge(postgresEnv('payments')).merge(mailEnv),
  kafkaEnv('payments'),
);
export type PaymentsEnv = z.output<typeof paymentsEnv>;
