import { existsSync, readFileSync } from 'node:fs';
import type { SASLOptions } from 'kafkajs';
import { z } from 'zod';
import { TOPIC_VARIABLES, type TopicVariable } from '@event-tickets/contracts';
import { authEnv } from '../auth/auth.env';
import { healthEnv } from '../health/health.env';
import { parseTrustProxy, type TrustProxy } from '../http/client-address';

/** The original payments service wants `PORT=:3000`; accept both forms. */
export const portNumber = (fallback: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.replace(/^:/, '') : v),
    z.coerce.number().int().min(0).max(65535).default(fallback),
  );

const boolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

/** Every app: port, log level, environment name, how it verifies tokens, how long health checks are cached. */
export const baseEnv = (defaultPort: number) =>
  authEnv.merge(healthEnv).extend({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    ENV: z.string().optional(),
    PORT: portNumber(defaultPort),
    /**
     * When set, `/internal/*` and `/metrics` are served on this port only (the public port answers
     * 404 for them), so a deployment can keep them off the published port. Unset: one port.
     */
    INTERNAL_PORT: z.preprocess(
      (v) => (typeof v === 'string' ? v.replace(/^:/, '') : v),
      z.coerce.number().int().min(0).max(65535).optional(),
    ),
    HOST: z.string().default('0.0.0.0'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(100 * 1024),
    CORS_ORIGINS: z.string().optional(),
    /**
     * Which proxies may tell the client address in X-Forwarded-For (the per-address limits key on it):
     * `false` (none), a hop count (`1`), or proxy addresses/CIDRs (`127.0.0.1,10.0.0.0/8`). `true` is refused.
     */
    TRUST_PROXY: z
      .string()
      .default('false')
      .transform((raw, ctx): TrustProxy => {
        const parsed = parseTrustProxy(raw);
        if (parsed === false || typeof parsed === 'number' || Array.isArray(parsed)) return parsed;
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.problem });
        return z.NEVER;
      }),
  });

/** PostgreSQL apps (events, payments, clients): the original's DB_* variables. */
export const postgresEnv = (defaultDatabase: string) =>
  z.object({
    DB_HOST: z.string().min(1, 'is required'),
    DB_PORT: z.coerce.number().int().positive().default(5432),
    DB_USER: z.string().min(1, 'is required'),
    DB_PASSWORD: z.string({ required_error: 'is required (or DB_PASSWORD_FILE)' }),
    DB_NAME: z.string().min(1).default(defaultDatabase),
    DB_POOL_SIZE: z.coerce.number().int().positive().default(10),
    /** TLS without checking the server's certificate (the original's behaviour); see DB_SSL_CA_FILE. */
    DB_SSL: boolean(false),
    /** A CA (PEM) the server's certificate must chain to: TLS with verification, implies DB_SSL. */
    DB_SSL_CA_FILE: z
      .string()
      .optional()
      .refine((path) => path === undefined || existsSync(path), 'no such file'),
  });

/**
 * MongoDB apps (users, tickets, marketing). `MONGODB_DB` overrides the database named in the URL.
 * The credentials may come apart from the URL (`MONGODB_PASSWORD_FILE` for a secret file); they
 * win over any in the URL. `MONGODB_AUTH_SOURCE` is the database the user is defined in (the
 * driver's default: the URL's, else `admin`).
 */
export const mongoEnv = (defaultDatabase: string) =>
  z.object({
    MONGODB_URL: z
      .string({ required_error: 'is required' })
      .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL'),
    MONGODB_DB: z.string().min(1).default(defaultDatabase),
    MONGODB_USERNAME: z.string().optional(),
    MONGODB_PASSWORD: z.string().optional(),
    MONGODB_AUTH_SOURCE: z.string().min(1).optional(),
  });

/** The original uses KAFKA_BROKERS (Go) or KAFKA_BROKER (Nest), one address; we accept a list in either. */
export const kafkaEnv = (defaultGroupId: string) =>
  z
    .object({
      KAFKA_BROKERS: z.string().optional(),
      KAFKA_BROKER: z.string().optional(),
      KAFKA_CLIENT_ID: z.string().optional(),
      KAFKA_GROUP_ID: z.string().min(1).default(defaultGroupId),
      KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().positive().default(3),
      KAFKA_REPLICATION_FACTOR: z.coerce.number().int().positive().default(1),
      /** Partitions one consumer processes at once (messages of one partition stay in order). */
      KAFKA_CONSUMER_CONCURRENCY: z.coerce.number().int().positive().default(3),
      /**
       * Messages of one partition handled as one unit (one transaction in a PostgreSQL app, one bulk
       * write where a MongoDB handler offers it); a unit that fails is handled again one message at a time.
       */
      KAFKA_CONSUMER_BATCH_SIZE: z.coerce.number().int().positive().max(1000).default(100),
      /** Attempts of a message whose failure is not a known transient one, before it is dead-lettered. */
      KAFKA_MAX_HANDLER_ATTEMPTS: z.coerce.number().int().positive().default(5),
      /**
       * Attempts to publish a dead letter (about a minute with the back-off) before the failure is
       * logged and counted and the partition moves on: a dead letter never holds it for ever.
       */
      KAFKA_DEAD_LETTER_ATTEMPTS: z.coerce.number().int().positive().default(10),
      /** How long a silent consumer keeps its partitions before the group reassigns them. */
      KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).default(30000),
      /** Readiness fails once a consumer group has been down (crashed, restarting) this long. */
      KAFKA_CONSUMER_DOWN_READINESS_MS: z.coerce.number().int().min(0).default(30000),
      OUTBOX_BATCH_SIZE: z.coerce.number().int().positive().default(500),
      /**
       * Most bytes (key, value, headers, record overhead, before compression) one relay send carries:
       * well under Kafka's default message.max.bytes (1 MiB), which bounds each partition's batch.
       */
      OUTBOX_BATCH_MAX_BYTES: z.coerce
        .number()
        .int()
        .min(1024)
        .default(512 * 1024),
      OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().positive().default(500),
      OUTBOX_RETENTION_HOURS: z.coerce.number().positive().default(24),
      /** SASL on every broker connection: `scram-sha-512` (or -256, or `plain`, over TLS only please). */
      KAFKA_SASL_MECHANISM: z.preprocess(
        (v) => (typeof v === 'string' ? v.toLowerCase() : v),
        z.enum(['scram-sha-256', 'scram-sha-512', 'plain']).optional(),
      ),
      KAFKA_SASL_USERNAME: z.string().optional(),
      KAFKA_SASL_PASSWORD: z.string().optional(),
      /** TLS to the brokers; `KAFKA_SSL_CA_FILE` (PEM) trusts a private CA and implies TLS. */
      KAFKA_SSL: boolean(false),
      KAFKA_SSL_CA_FILE: z.string().optional(),
      ...Object.fromEntries(TOPIC_VARIABLES.map((t) => [t, z.string().min(1).default(t)])),
    })
    .transform((env, ctx) => {
      const list = (env.KAFKA_BROKERS ?? env.KAFKA_BROKER ?? '')
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean);
      if (!list.length) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['KAFKA_BROKERS'],
          message: 'is required (or KAFKA_BROKER)',
        });
        return z.NEVER;
      }
      const sasl = kafkaSasl(env, ctx);
      const ssl = kafkaSsl(env, ctx);
      if (sasl === z.NEVER || ssl === z.NEVER) return z.NEVER;
      return { ...env, kafkaBrokers: list, kafkaSasl: sasl, kafkaSsl: ssl };
    }) as unknown as z.ZodType<KafkaEnv>;

type KafkaSecurityEnv = Pick<
  KafkaEnv,
  'KAFKA_SASL_MECHANISM' | 'KAFKA_SASL_USERNAME' | 'KAFKA_SASL_PASSWORD' | 'KAFKA_SSL' | 'KAFKA_SSL_CA_FILE'
>;

/** A mechanism needs both credentials, and credentials need a mechanism (never silently ignored). */
function kafkaSasl(env: KafkaSecurityEnv, ctx: z.RefinementCtx): SASLOptions | undefined {
  const {
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: username,
    KAFKA_SASL_PASSWORD: password,
  } = env;
  if (!mechanism) {
    if (username === undefined && password === undefined) return undefined;
    const path = [username === undefined ? 'KAFKA_SASL_PASSWORD' : 'KAFKA_SASL_USERNAME'];
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path,
      message: 'needs KAFKA_SASL_MECHANISM (scram-sha-512, ...)',
    });
    return z.NEVER;
  }
  const missing = [
    ...(username ? [] : ['KAFKA_SASL_USERNAME']),
    ...(password ? [] : ['KAFKA_SASL_PASSWORD']),
  ];
  for (const key of missing)
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: [key],
      message: `is required with KAFKA_SASL_MECHANISM=${mechanism}`,
    });
  return missing.length ? z.NEVER : { mechanism, username: username!, password: password! };
}

function kafkaSsl(env: KafkaSecurityEnv, ctx: z.RefinementCtx): boolean | { ca: string[] } {
  if (!env.KAFKA_SSL_CA_FILE) return env.KAFKA_SSL;
  try {
    return { ca: [readFileSync(env.KAFKA_SSL_CA_FILE, 'utf8')] };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['KAFKA_SSL_CA_FILE'],
      message: `cannot read the file (${code})`,
    });
    return z.NEVER;
  }
}

export type KafkaEnv = {
  KAFKA_BROKERS?: string;
  KAFKA_BROKER?: string;
  KAFKA_CLIENT_ID?: string;
  KAFKA_GROUP_ID: string;
  KAFKA_TOPIC_PARTITIONS: number;
  KAFKA_REPLICATION_FACTOR: number;
  KAFKA_CONSUMER_CONCURRENCY: number;
  KAFKA_CONSUMER_BATCH_SIZE: number;
  KAFKA_MAX_HANDLER_ATTEMPTS: number;
  KAFKA_DEAD_LETTER_ATTEMPTS: number;
  KAFKA_SESSION_TIMEOUT_MS: number;
  KAFKA_CONSUMER_DOWN_READINESS_MS: number;
  OUTBOX_BATCH_SIZE: number;
  OUTBOX_BATCH_MAX_BYTES: number;
  OUTBOX_POLL_INTERVAL_MS: number;
  OUTBOX_RETENTION_HOURS: number;
  KAFKA_SASL_MECHANISM?: 'scram-sha-256' | 'scram-sha-512' | 'plain';
  KAFKA_SASL_USERNAME?: string;
  KAFKA_SASL_PASSWORD?: string;
  KAFKA_SSL: boolean;
  KAFKA_SSL_CA_FILE?: string;
  kafkaBrokers: string[];
  /** For kafkajs: undefined when no SASL is configured. */
  kafkaSasl?: SASLOptions;
  kafkaSsl: boolean | { ca: string[] };
} & Record<TopicVariable, string>;

/** SMTP. payments names the credentials MAIL_USER/MAIL_PASS, tickets MAIL_AUTH_USER/MAIL_AUTH_PASS. */
export const mailEnv = z.object({
  MAIL_HOST: z.string().min(1, 'is required'),
  MAIL_PORT: z.coerce.number().int().positive().default(587),
  MAIL_FROM: z.string().min(1).default('Event Tickets <no-reply@event-tickets.local>'),
  MAIL_USER: z.string().optional(),
  MAIL_PASS: z.string().optional(),
  MAIL_AUTH_USER: z.string().optional(),
  MAIL_AUTH_PASS: z.string().optional(),
  MAIL_SECURE: boolean(false),
  MAIL_REQUIRE_TLS: boolean(false),
  /**
   * SMTP sessions kept open and reused from one email to the next, at most (the mail worker's sends
   * at once: a send beyond them waits for a free session, within its send timeout).
   */
  MAIL_POOL_SIZE: z.coerce.number().int().positive().default(5),
  /** Emails sent on one session before it is ended and a fresh one opened. */
  MAIL_POOL_MAX_MESSAGES: z.coerce.number().int().positive().default(100),
});

/** Merge object fragments (and at most one transformed Kafka fragment) into one app schema. */
export function composeEnv<A extends z.AnyZodObject>(objects: A): A;
export function composeEnv<A extends z.AnyZodObject, K>(
  objects: A,
  kafka: z.ZodType<K>,
): z.ZodType<z.output<A> & K>;
export function composeEnv(objects: z.AnyZodObject, kafka?: z.ZodTypeAny): z.ZodTypeAny {
  if (!kafka) return objects;
  return z.any().transform((raw, ctx) => {
    const a = objects.safeParse(raw);
    const k = kafka.safeParse(raw);
    for (const r of [a, k]) if (!r.success) r.error.issues.forEach((i) => ctx.addIssue(i));
    return a.success && k.success ? { ...a.data, ...k.data } : z.NEVER;
  });
}
