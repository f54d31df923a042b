import { z } from 'zod';
import { baseEnv, composeEnv, kafkaEnv, mailEnv, mongoEnv } from '@event-tickets/service-kit';

const millis = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** How the ticket mail worker polls, retries and leases sends (see delivery/ticket-mail.worker.ts). */
const ticketsOwnEnv = z.object({
  /** How often the worker looks for due emails (it is also kicked right after a ticket is issued). */
  TICKET_MAIL_POLL_INTERVAL_MS: millis(1000),
  /** Emails claimed per poll. */
  TICKET_MAIL_BATCH_SIZE: z.coerce.number().int().positive().default(20),
  /** Emails sent at once (each on its own pooled SMTP session: keep MAIL_POOL_SIZE at least this). */
  TICKET_MAIL_CONCURRENCY: z.coerce.number().int().positive().default(5),
  /** First retry delay after a failed send; doubles per attempt. */
  TICKET_MAIL_RETRY_BASE_MS: millis(1000),
  /** Retry delay cap while the SMTP server is unreachable or answers 4xx. */
  TICKET_MAIL_RETRY_MAX_MS: millis(30_000),
  /** Retry delay cap when the SMTP server rejects the message permanently (5xx). */
  TICKET_MAIL_REJECTED_RETRY_MAX_MS: millis(3_600_000),
  /**
   * A claimed send not finished after this long is taken over by another worker (crashed replica);
   * a ticket inserted leased to its replica's worker is taken over after this long too.
   * Above the longest a send can last (SMTP connection 5 s + greeting 5 s + idle socket 10 s timeouts).
   */
  TICKET_MAIL_LEASE_MS: millis(30_000),
  /** Minimum time between two resend requests of one ticket. */
  TICKET_RESEND_COOLDOWN_SECONDS: z.coerce.number().int().min(0).default(60),
});

export const ticketsEnv = composeEnv(
  baseEnv(4001).merge(mongoEnv('tickets')).merge(mailEnv).merge(ticketsOwnEnv),
  kafkaEnv('tickets'),
);
export type TicketsEnv = z.output<typeof ticketsEnv>;
