import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { withTimeout } from '../workers/timeout';

const CHECK_TIMEOUT_MS = 3000;

/**
 * A dependency whose reachability decides readiness (a database, Kafka, SMTP). Every provider of this
 * kind in the app is part of `GET /health`: `ping` resolves (with details) when the dependency
 * answers and throws when it does not; a ping slower than the timeout counts as down, so one hung
 * dependency cannot hang the health check.
 */
export abstract class DependencyIndicator {
  /** The indicator's name in the report (`info`, `error`, `details`). */
  abstract readonly key: string;

  constructor(private readonly indicators: HealthIndicatorService) {}

  protected abstract ping(): Promise<Record<string, unknown> | void>;

  async isHealthy(timeoutMs = CHECK_TIMEOUT_MS): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(this.key);
    try {
      return session.up((await withTimeout(this.ping(), timeoutMs)) ?? {});
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }
}
