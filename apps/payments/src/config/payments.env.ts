import { z } from 'zod';
import {
  baseEnv,
  composeEnv,
  kafkaEnv,
  keyRingVariable,
  mailEnv,
  postgresEnv,
} from '@event-tickets/service-kit';

/** The gateways payments can charge with (PAYMENT_GATEWAY). */
export const PAYMENT_GATEWAYS = ['simulated'] as const;

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const paymentsEnv = composeEnv(
  baseEnv(3002)
    .merge(postgresEnv('payments'))
    .merge(mailEnv)
    .extend({
      /** The events service (seat holds, authoritative price and event details). */
      EVENTS_URL: z.string().url().default('http://127.0.0.1:3001'),
      /** The tickets service (voids the tickets of a refunded order). */
      TICKETS_URL: z.string().url().default('http://127.0.0.1:4001'),
      /** How long a call to events may take before the purchase answers 503. */
      EVENTS_TIMEOUT_MS: positiveInt(3000),
      /**
       * The first length of a seat hold, asked of events (which caps it at its own HOLD_TTL_SECONDS):
       * short, so that a hold nobody stored a payment for comes back soon. Once the payment is stored
       * the hold is extended to events' full length.
       */
      HOLD_TTL_SECONDS: positiveInt(120),
      /**
       * Purchases talking to events at once (per process). Beyond it a purchase waits in line, at most
       * EVENTS_QUEUE_LIMIT of them for at most EVENTS_QUEUE_WAIT_MS each; past either bound it answers
       * 503 EVENTS_UNAVAILABLE with Retry-After, instead of piling up behind a slow events.
       */
      EVENTS_MAX_IN_FLIGHT: positiveInt(64),
      EVENTS_QUEUE_LIMIT: z.coerce.number().int().min(0).default(1000),
      EVENTS_QUEUE_WAIT_MS: z.coerce.number().int().min(0).default(2000),
      /** payments calls events' internal API with it, so it is required here. */
      INTERNAL_API_TOKEN: z
        .string({ required_error: 'is required (or INTERNAL_API_TOKEN_FILE): payments calls events' })
        .min(16, 'must be at least 16 characters'),
      /**
       * A payment still PENDING this long after its creation fails with reason "timeout" and gives its
       * seat back. Keep it below events' HOLD_TTL_SECONDS (900): the payment must be settled while
       * its hold still stands (the deadline is never later than the hold's own expiry either).
       */
      PAYMENT_TIMEOUT_SECONDS: positiveInt(600),
      /** How often the timeout sweeper looks for overdue payments. */
      PAYMENT_SWEEP_INTERVAL_MS: positiveInt(5000),
      /** Overdue payments failed per sweeper transaction. */
      PAYMENT_SWEEP_BATCH_SIZE: positiveInt(200),
      /**
       * The keys payment tokens are sealed with before they are written anywhere (outbox, Kafka), as
       * `kid=base64(32 bytes)` lines, usually from PAYMENT_TOKEN_KEYS_FILE: the first key seals, every
       * key opens (rotation: put the new key first, drop the old one once nothing it sealed is left).
       */
      PAYMENT_TOKEN_KEYS: keyRingVariable(
        'is required (or PAYMENT_TOKEN_KEYS_FILE): a file of kid=base64(32 bytes) lines, e.g. k1=$(openssl rand -base64 32)',
      ),
      /**
       * The gateway that charges payments. Only `simulated` exists (it approves every even-length
       * token and charges nothing): outside production it is the default, in production it must be
       * chosen explicitly.
       */
      PAYMENT_GATEWAY: z.enum(PAYMENT_GATEWAYS).optional(),
      /** Simulated gateway latency per transaction (load tests); 0 = answer at once. */
      GATEWAY_LATENCY_MS: z.coerce.number().int().min(0).default(0),
      /**
       * How long this process answers 409 SOLD_OUT at once, without asking events, after events said
       * an event is sold out (a seat that comes back is on sale again to it this much later); 0 = off.
       */
      PURCHASE_SOLD_OUT_MEMORY_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
      /** POST /payments per user per minute (shared by replicas: counted in PostgreSQL). */
      PURCHASE_RATE_LIMIT_PER_MINUTE: positiveInt(30),
      /** How often the mail worker looks for due emails (it is also woken after each commit). */
      MAIL_POLL_INTERVAL_MS: positiveInt(500),
      /** At most this many due emails claimed per mail-worker poll (only for free send slots: 5 at a time). */
      MAIL_BATCH_SIZE: positiveInt(20),
      /**
       * Prepended to the original's consumer groups (`group-payment-created`, ...). Empty in a
       * deployment; tests and parallel stacks sharing one Kafka set it so their groups never mix.
       */
      KAFKA_GROUP_PREFIX: z.string().default(''),
    }),
  kafkaEnv('payments'),
).transform((env, ctx) => {
  if (env.PAYMENT_GATEWAY) return { ...env, PAYMENT_GATEWAY: env.PAYMENT_GATEWAY };
  if (env.NODE_ENV !== 'production') return { ...env, PAYMENT_GATEWAY: 'simulated' as const };
  ctx.addIssue({
    code: z.ZodIssueCode.custom,
    path: ['PAYMENT_GATEWAY'],
    message:
      'is required in production: the only gateway is "simulated", which approves every even-length token and charges nothing; set PAYMENT_GATEWAY=simulated to run it knowingly',
  });
  return z.NEVER;
});
export type PaymentsEnv = z.output<typeof paymentsEnv>;
