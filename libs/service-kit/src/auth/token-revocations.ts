import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { z } from 'zod';
import { gauge } from '@event-tickets/telemetry';
import { AppConfig } from '../config/app-config';
import { ConfigError } from '../config/parse-env';
import { WorkerLoop } from '../workers/worker-loop';
import type { AuthEnv } from './auth.env';

/** The tokens of `userId` issued before `notBefore` (seconds since the epoch, like `iat`) are revoked. */
export interface Revocation {
  userId: string;
  notBefore: number;
}

/** The body of users' `GET /internal/revocations`. */
export const revocationsBody = z.object({
  revocations: z.array(z.object({ userId: z.string().min(1), notBefore: z.number().int() })),
});

/**
 * Where an app learns the revocations. Every app but users asks users' internal route; users, which
 * keeps them, provides its own source (a global provider of this class) and reads its store.
 */
export abstract class RevocationSource {
  abstract list(signal: AbortSignal): Promise<Revocation[]>;
}

/** `GET TOKEN_REVOCATIONS_URL` with the service token; throws on anything but a well-formed 200. */
export class HttpRevocationSource extends RevocationSource {
  constructor(
    private readonly url: string,
    private readonly serviceToken: string,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  async list(signal: AbortSignal): Promise<Revocation[]> {
    const res = await fetch(this.url, {
      headers: { authorization: `Bearer ${this.serviceToken}`, accept: 'application/json' },
      signal: AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]),
    });
    if (!res.ok) throw new Error(`revocations: ${this.url} answered ${res.status}`);
    const parsed = revocationsBody.safeParse(await res.json());
    if (!parsed.success) throw new Error(`revocations: ${this.url} answered an unexpected body`);
    return parsed.data.revocations;
  }
}

const metrics = {
  listed: gauge({ name: 'token_revocations_listed', help: 'Accounts whose earlier tokens are revoked' }),
  refreshed: gauge({
    name: 'token_revocations_refreshed_timestamp_seconds',
    help: 'When the revocation list was last fetched successfully (unix seconds; 0: never)',
  }),
};

/**
 * The revocations this app enforces, fetched every TOKEN_REVOCATIONS_POLL_MS (a revocation takes
 * effect within about that long). A failed fetch keeps the last list: it is logged and counted
 * (`worker_cycle_failures_total{worker="token-revocations"}`) by the loop, which retries with
 * back-off, and never reaches a request. Until the first fetch succeeds, no token is refused as
 * revoked. Without a source (TOKEN_REVOCATIONS_URL unset) nothing is ever revoked.
 */
@Injectable()
export class TokenRevocations implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TokenRevocations.name);
  private notBefore = new Map<string, number>();
  private readonly source?: RevocationSource;
  private readonly loop?: WorkerLoop;

  constructor(
    private readonly config: AppConfig<AuthEnv & { NODE_ENV?: string }>,
    @Optional() own?: RevocationSource,
  ) {
    const env = config.env;
    if (own) this.source = own;
    else if (env.TOKEN_REVOCATIONS_URL) {
      if (!env.INTERNAL_API_TOKEN)
        throw new ConfigError([
          'INTERNAL_API_TOKEN: is required with TOKEN_REVOCATIONS_URL (or INTERNAL_API_TOKEN_FILE)',
        ]);
      this.source = new HttpRevocationSource(
        env.TOKEN_REVOCATIONS_URL,
        env.INTERNAL_API_TOKEN,
        Math.min(5000, env.TOKEN_REVOCATIONS_POLL_MS),
      );
    }
    const source = this.source;
    if (source)
      this.loop = new WorkerLoop({
        name: 'token-revocations',
        intervalMs: env.TOKEN_REVOCATIONS_POLL_MS,
        // A failing source is asked again within the poll interval, never less often.
        backoff: { initialMs: 250, maxMs: env.TOKEN_REVOCATIONS_POLL_MS },
        cycle: async (signal) => this.replace(await source.list(signal)),
      });
  }

  onApplicationBootstrap() {
    if (this.loop) this.loop.start();
    else if (this.config.env.NODE_ENV === 'production')
      this.logger.warn(
        'TOKEN_REVOCATIONS_URL is not set: deleted, demoted or re-passworded accounts keep their tokens until they expire',
      );
  }

  onApplicationShutdown() {
    return this.loop?.stop();
  }

  /** True when the user's tokens issued at `iat` are revoked (a token without `iat` counts as oldest). */
  isRevoked(userId: string, iat: number | undefined): boolean {
    const notBefore = this.notBefore.get(userId);
    return notBefore !== undefined && (iat === undefined || iat < notBefore);
  }

  /** The whole list, as fetched. */
  replace(revocations: Revocation[]): void {
    const next = new Map<string, number>();
    for (const r of revocations) next.set(r.userId, Math.max(r.notBefore, next.get(r.userId) ?? 0));
    this.notBefore = next;
    metrics.listed.set(next.size);
    metrics.refreshed.set(Math.floor(Date.now() / 1000));
  }

  /** One revocation known before the next fetch (users applies its own at once). */
  add(revocation: Revocation): void {
    const current = this.notBefore.get(revocation.userId) ?? 0;
    this.notBefore.set(revocation.userId, Math.max(current, revocation.notBefore));
    metrics.listed.set(this.notBefore.size);
    // A fetch already under way may predate it: one more follows at once.
    this.loop?.kick();
  }
}
