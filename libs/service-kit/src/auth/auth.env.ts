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
  /**
   * HS256 compatibility mode. Any length is accepted, as the original's services accept it, so a
   * deployment can run ours beside them on its existing secret; one shorter than
   * JWT_SECRET_RECOMMENDED_LENGTH is logged as a warning at start (see `weakSecretWarning`).
   */
  JWT_SECRET: z.string().min(1).optional(),
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

/** RFC 7518: an HS256 key must be at least as long as the hash, 256 bits; 32 random characters are. */
export const JWT_SECRET_RECOMMENDED_LENGTH = 32;

/**
 * The start-up warning for a short HS256 secret, or undefined when there is none to give. Anyone
 * holding one token can try secrets offline until its signature matches, then mint ADMIN tokens.
 */
export function weakSecretWarning(secret: string | undefined): string | undefined {
  if (secret === undefined || secret.length >= JWT_SECRET_RECOMMENDED_LENGTH) return undefined;
  return (
    `JWT_SECRET is ${secret.length} characters, shorter than the ${JWT_SECRET_RECOMMENDED_LENGTH} HS256 needs: ` +
    'accepted in HS256 compatibility mode so the original services keep working, but a short shared secret ' +
    'can be guessed offline from any token. Rotate it on every service to 32 or more random characters, ' +
    'or leave HS256 (unset JWT_SECRET) once the original services are gone (docs/handover.md).'
  );
}
