import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { MailTransport } from '../mail/mail.transport';
import { DependencyIndicator } from './dependency-indicator';

/** The SMTP server, for an app whose readiness needs it (tickets cannot deliver without it). */
@Injectable()
export class SmtpHealthIndicator extends DependencyIndicator {
  readonly key = 'smtp';

  constructor(
    private readonly transport: MailTransport,
    indicators: HealthIndicatorService,
  ) {
    super(indicators);
  }

  protected async ping() {
    await this.transport.verify();
  }
}
