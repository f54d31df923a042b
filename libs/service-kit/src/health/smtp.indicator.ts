import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { AppConfig } from '../config/app-config';
import { MailTransport } from '../mail/mail.transport';
import { DependencyIndicator } from './dependency-indicator';
import type { HealthEnv } from './health.env';

/**
 * The SMTP server, for an app whose readiness needs it (tickets cannot deliver without it). A check
 * is a whole SMTP session, so it runs at most once per HEALTH_SMTP_CACHE_MS (default 30 s).
 */
@Injectable()
export class SmtpHealthIndicator extends DependencyIndicator {
  readonly key = 'smtp';

  constructor(
    private readonly transport: MailTransport,
    indicators: HealthIndicatorService,
    config: AppConfig<HealthEnv>,
  ) {
    super(indicators);
    this.cacheMs = config.env.HEALTH_SMTP_CACHE_MS;
  }

  protected async ping() {
    await this.transport.verify();
  }
}
