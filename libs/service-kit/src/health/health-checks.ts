import {
  type BeforeApplicationShutdown,
  Injectable,
  Optional,
  ServiceUnavailableException,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { type HealthCheckResult, type HealthIndicatorResult, HealthCheckService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '../config/app-config';
import { DependencyIndicator } from './dependency-indicator';
import type { HealthEnv } from './health.env';

const DEFAULT_CACHE_MS = 5000;

/** One indicator's last check: shared while in flight, reused until `cacheMs` after it settled. */
interface CachedCheck {
  result: Promise<HealthIndicatorResult>;
  settledAt?: number;
}

/**
 * The app's health. Liveness asks nothing. Readiness: Terminus runs every DependencyIndicator the app
 * provides (found once, among all its providers) and answers `{ status, info, error, details }`; each
 * indicator's result is cached (HEALTH_CACHE_MS, or the indicator's own `cacheMs`) and concurrent
 * calls share the check in flight, so a storm of probes costs no more than one check per period.
 */
@Injectable()
export class HealthChecks implements BeforeApplicationShutdown {
  private indicators?: DependencyIndicator[];
  private readonly checks = new Map<DependencyIndicator, CachedCheck>();
  private readonly cacheMs: number;
  private stopping = false;

  constructor(
    private readonly terminus: HealthCheckService,
    private readonly discovery: DiscoveryService,
    @Optional() config?: AppConfig<Partial<HealthEnv>>,
  ) {
    this.cacheMs = config?.env.HEALTH_CACHE_MS ?? DEFAULT_CACHE_MS;
  }

  beforeApplicationShutdown() {
    this.stopping = true;
  }

  /** Liveness: the process serves requests (no dependency is asked). */
  live(): { status: 'ok' | 'shutting_down' } {
    return { status: this.stopping ? 'shutting_down' : 'ok' };
  }

  async report(): Promise<HealthCheckResult> {
    this.indicators ??= [
      ...new Set(
        this.discovery
          .getProviders()
          .map((wrapper) => wrapper.instance as unknown)
          .filter((instance): instance is DependencyIndicator => instance instanceof DependencyIndicator),
      ),
    ];
    try {
      return await this.terminus.check(this.indicators.map((indicator) => () => this.check(indicator)));
    } catch (error) {
      // Terminus throws its report as a 503 when a dependency is down; the report is the answer.
      if (error instanceof ServiceUnavailableException) return error.getResponse() as HealthCheckResult;
      throw error;
    }
  }

  /** Sends the readiness report: 200 when every dependency is up, else 503. */
  async reply(reply: FastifyReply) {
    const report = await this.report();
    return reply.status(report.status === 'ok' ? 200 : 503).send(report);
  }

  /** Sends liveness: 200 while running, 503 once the app is stopping. */
  replyLive(reply: FastifyReply) {
    const live = this.live();
    return reply.status(live.status === 'ok' ? 200 : 503).send(live);
  }

  private check(indicator: DependencyIndicator): Promise<HealthIndicatorResult> {
    const cached = this.checks.get(indicator);
    const ttl = indicator.cacheMs ?? this.cacheMs;
    if (cached && (cached.settledAt === undefined || Date.now() - cached.settledAt < ttl))
      return cached.result;
    const fresh: CachedCheck = { result: indicator.isHealthy() };
    // isHealthy never rejects: a failed ping is a `down` result.
    void fresh.result.then(() => (fresh.settledAt = Date.now()));
    this.checks.set(indicator, fresh);
    return fresh.result;
  }
}
