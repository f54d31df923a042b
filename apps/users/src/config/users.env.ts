import { createPrivateKey, createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { baseEnv, MAX_TOKEN_LIFETIME_SECONDS, mongoEnv } from '@event-tickets/service-kit';
import { parseDuration } from '../tokens/duration';

export const usersEnv = baseEnv(3000)
  .merge(mongoEnv('users'))
  .extend({
    /** RS256 signing key (PEM, or JWT_PRIVATE_KEY_FILE). Ignored when JWT_SECRET selects the original's HS256. */
    JWT_PRIVATE_KEY: z.string().optional(),
    /**
     * Seconds ("3600") or a duration ("1h", "30m", "1d"); the original read "3600" as milliseconds. At
     * most 24h: revocations are kept that long, and a stolen token should not outlive a day.
     */
    JWT_EXPIRES_IN: z
      .string()
      .default('3600')
      .transform((v, ctx) => {
        const seconds = parseDuration(v);
        if (seconds === undefined)
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be seconds or a duration like 1h' });
        else if (seconds > MAX_TOKEN_LIFETIME_SECONDS)
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: `must be at most ${MAX_TOKEN_LIFETIME_SECONDS} seconds (24h), the longest token lifetime verifiers accept`,
          });
        return seconds ?? 0;
      }),
    ADMIN_EMAIL: z.string().email().optional(),
    ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
    /** At least 10 in production (checked below); lower only to make tests fast. */
    BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
    /** Failed logins per client address in LOGIN_RATE_WINDOW_SECONDS (successes never count). */
    LOGIN_RATE_LIMIT_PER_CLIENT: z.coerce.number().int().positive().default(100),
    LOGIN_RATE_WINDOW_SECONDS: z.coerce.number().int().positive().default(300),
    /** Consecutive failed logins of one account from one address before the growing delay starts. */
    LOGIN_RATE_LIMIT_PER_EMAIL: z.coerce.number().int().positive().default(5),
    /** The cap of that delay (it starts at 1 s and doubles with each further failure). */
    LOGIN_DELAY_MAX_SECONDS: z.coerce.number().int().positive().default(60),
    /** Registrations per client address in REGISTRATION_RATE_WINDOW_SECONDS (an admin's are not counted). */
    REGISTRATION_RATE_LIMIT_PER_CLIENT: z.coerce.number().int().positive().default(20),
    REGISTRATION_RATE_WINDOW_SECONDS: z.coerce.number().int().positive().default(600),
    /** Registration hashes at once (of libuv's UV_THREADPOOL_SIZE threads, 4 by default; logins get the rest). */
    REGISTRATION_HASH_CONCURRENCY: z.coerce.number().int().positive().default(2),
    /** Registrations waiting for a hash slot before the next one is answered 503 with Retry-After. */
    REGISTRATION_HASH_QUEUE: z.coerce.number().int().min(0).default(100),
    /** Compatibility with the original's env files; the health check no longer pings them. */
    BASE_API_URL: z.string().optional(),
    PREFIX: z.string().optional(),
  })
  .transform((env, ctx) => {
    if (env.JWT_SECRET) return env;
    if (!env.JWT_PRIVATE_KEY) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['JWT_PRIVATE_KEY'],
        message: 'is required (or JWT_PRIVATE_KEY_FILE, or JWT_SECRET for HS256)',
      });
      return z.NEVER;
    }
    try {
      const privateKey = createPrivateKey(env.JWT_PRIVATE_KEY.replace(/\\n/g, '\n'));
      // users verifies its own tokens with the public half of its key.
      const publicKey = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
      return { ...env, JWT_PUBLIC_KEY: env.JWT_PUBLIC_KEY ?? publicKey };
    } catch {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['JWT_PRIVATE_KEY'],
        message: 'is not a PEM private key',
      });
      return z.NEVER;
    }
  })
  .refine((env) => !(env.ADMIN_EMAIL && !env.ADMIN_PASSWORD), {
    path: ['ADMIN_PASSWORD'],
    message: 'is required with ADMIN_EMAIL (or ADMIN_PASSWORD_FILE)',
  })
  .refine((env) => env.NODE_ENV !== 'production' || env.BCRYPT_COST >= 10, {
    path: ['BCRYPT_COST'],
    message: 'must be at least 10 in production (NODE_ENV=production)',
  });

export type UsersEnv = z.output<typeof usersEnv>;
