import { z } from 'zod';

const millis = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

/**
 * Readiness checks are cached so that probes, load balancers and curious clients cost nothing:
 * a dependency is asked at most once per HEALTH_CACHE_MS (calls meanwhile share the answer), the
 * SMTP server (a whole session per check) at most once per HEALTH_SMTP_CACHE_MS.
 */
export const healthEnv = z.object({
  HEALTH_CACHE_MS: millis(5000),
  HEALTH_SMTP_CACHE_MS: millis(30_000),
});

export type HealthEnv = z.output<typeof healthEnv>;
