import { Injectable } from '@nestjs/common';

/** A dependency whose reachability decides readiness (a database, Kafka, SMTP). */
export interface HealthIndicator {
  readonly name: string;
  /** Resolves with details when healthy; throws (or times out) when not. */
  check(): Promise<Record<string, unknown> | void>;
}

export interface HealthReport {
  status: 'ok' | 'error';
  info: Record<string, Record<string, unknown>>;
  error: Record<string, Record<string, unknown>>;
  details: Record<string, Record<string, unknown>>;
}

const CHECK_TIMEOUT_MS = 3000;

/** Indicators register themselves (`onModuleInit`); the report has the original Terminus shape. */
@Injectable()
export class HealthService {
  private readonly indicators: HealthIndicator[] = [];

  register(indicator: HealthIndicator): void {
    this.indicators.push(indicator);
  }

  async report(): Promise<HealthReport> {
    const results = await Promise.all(
      this.indicators.map(async (indicator) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          const details = await Promise.race([
            indicator.check(),
            new Promise<never>((_, reject) => {
              timer = setTimeout(
                () => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)),
                CHECK_TIMEOUT_MS,
              );
            }),
          ]);
          return [indicator.name, { status: 'up', ...(details ?? {}) }] as const;
        } catch (error) {
          return [indicator.name, { status: 'down', message: (error as Error).message }] as const;
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const report: HealthReport = { status: 'ok', info: {}, error: {}, details: {} };
    for (const [name, result] of results) {
      report.details[name] = result;
      if (result.status === 'up') report.info[name] = result;
      else {
        report.error[name] = result;
        report.status = 'error';
      }
    }
    return report;
  }
}
