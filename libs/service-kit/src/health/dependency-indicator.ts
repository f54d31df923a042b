import { Logger } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { TimeoutError, withTimeout } from '../workers/timeout';

const CHECK_TIMEOUT_MS = 3000;

/**
 * A ping failure whose message (and details) may be shown in the public health body. Any other error
 * is shown only as `unreachable` or `timed out`: driver errors name hosts and ports.
 */
export class DependencyDown extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * A dependency whose reachability decides readiness (a database, Kafka, SMTP). Every provider of this
 * kind in the app is part of `GET /health` and `GET /health/ready`: `ping` resolves (with details)
 * when the dependency answers and throws when it does not; a ping slower than the timeout counts as
 * down, so one hung dependency cannot hang the health check. HealthChecks caches the result for
 * `cacheMs` (unset: the app's HEALTH_CACHE_MS).
 */
export abstract class DependencyIndicator {
  /** The indicator's name in the report (`info`, `error`, `details`). */
  abstract readonly key: string;
  /** How long a result is reused; unset: the app's HEALTH_CACHE_MS. */
  cacheMs?: number;
  private readonly logger = new Logger('health');
  private shown?: string;

  constructor(private readonly indicators: HealthIndicatorService) {}

  protected abstract ping(): Promise<Record<string, unknown> | void>;

  /**
   * One check, not cached. A down dependency shows a short public message; the full error goes to the
   * log, once per change of what is shown (not once per check).
   */
  async isHealthy(timeoutMs = CHECK_TIMEOUT_MS): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(this.key);
    try {
      const details = (await withTimeout(this.ping(), timeoutMs)) ?? {};
      this.changed('up', () => this.logger.log({ dependency: this.key }, `${this.key} is up`));
      return session.up(details);
    } catch (error) {
      const [message, details] =
        error instanceof DependencyDown
          ? [error.message, error.details]
          : [error instanceof TimeoutError ? 'timed out' : 'unreachable', {}];
      this.changed(`down: ${message}`, () =>
        this.logger.warn({ dependency: this.key, err: error }, `${this.key} is down (${message})`),
      );
      return session.down({ ...details, message });
    }
  }

  private changed(shown: string, log: () => void): void {
    // The first answer of a healthy app is not news; every later change is.
    if (shown !== this.shown && (this.shown !== undefined || shown !== 'up')) log();
    this.shown = shown;
  }
}
