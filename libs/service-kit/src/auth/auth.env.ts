import { z } from 'zod';

/**
 * How an app verifies tokens: the issuer's public key (PEM), a JWKS URL, or — for deployments that
 * still run the original's events service — the shared HS256 secret `JWT_SECRET`.
 */
export const authEnv = z.object({
  JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  JWT_PUBLIC_KEY: z.string().optional(),
  JWT_JWKS_URL: z.string().url().optional(),
  /** Service-to-service calls (payments → events) present this token; user tokens never open internal routes. */
  INTERNAL_API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
});

export type AuthEnv = z.output<typeof authEnv>;
