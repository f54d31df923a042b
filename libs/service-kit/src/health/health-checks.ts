import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { DependencyIndicator } from './dependency-indicator';

/**
 * The app's health report: Terminus runs every DependencyIndicator the app provides (found once,
 * among all its providers) and answers `{ status, info, error, details }`.
 */
@Injectable()
export class HealthChecks {
  private indicators?: DependencyIndicator[];

  constructor(
    private readonly terminus: HealthCheckService,
    private readonly discovery: DiscoveryService,
  ) {}

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
      return await this.terminus.check(this.indicators.map((indicator) => () => indicator.isHealthy()));
    } catch (error) {
      // Terminus throws its report as a 503 when a dependency is down; the report is the answer.
      if (error instanceof ServiceUnavailableException) return error.getResponse() as HealthCheckResult;
      throw error;
    }
  }

  /** Sends the report: 200 when every dependency is up, else 503. */
  async reply(reply: FastifyReply) {
    const report = await this.report();
    return reply.status(report.status === 'ok' ? 200 : 503).send(report);
  }
}
