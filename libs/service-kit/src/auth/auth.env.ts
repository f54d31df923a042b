import { z } from 'zod';

/**
 * The longest lifetime (`exp - iat`) of a token users issues: users refuses a longer JWT_EXPIRES_IN
 * at start, verifiers refuse a longer token of ours, and a revocation is kept this long (after it,
 * every token it revoked has expired).
 */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;

/**
 * How an app verifies tokens: the issuer's public key (PEM), a JWKS URL, or — for deployments that
 * still run the original's events service — the shared HS256 secret `JWT_SECRET`.
 */
export const authEnv = z.object({
  JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  JWT_PUBLIC_KEY: z.string().optional(),
  JWT_JWKS_URL: z.string().url().optional(),
  /** The `iss` users puts in its tokens and verifiers require. */
  JWT_ISSUER: z.string().min(1).default('event-tickets-users'),
  /** The `aud` users puts in its tokens and verifiers require. */
  JWT_AUDIENCE: z.string().min(1).default('event-tickets'),
  /** Service-to-service calls (payments → events) present this token; user tokens never open internal routes. */
  INTERNAL_API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** users' `GET /internal/revocations`, polled with INTERNAL_API_TOKEN; unset: no revocations are known. */
  TOKEN_REVOCATIONS_URL: z.string().url().optional(),
  /** How often the revocations are fetched: a revocation takes effect within about this long. */
  TOKEN_REVOCATIONS_POLL_MS: z.coerce.number().int().min(100).max(30_000).default(15_000),
});

export type AuthEnv = z.output<typeof authEnv>;
