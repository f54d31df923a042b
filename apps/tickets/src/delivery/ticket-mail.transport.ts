import { Injectable } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { AppConfig, MailTransport, type MailMessage } from '@event-tickets/service-kit';
import { contextFromHeaders } from '@event-tickets/telemetry';
import type { TicketsEnv } from '../config/tickets.env';

/**
 * The kit's MailTransport with one difference: a connection the SMTP server closes before the
 * message is through FAILS the send (`maxRequeues: 0`). The kit's pooled transport keeps such a
 * message in nodemailer's in-memory queue and reconnects every 50 ms until the server answers, so
 * `send()` never returns while the server accepts TCP but drops the session: the worker would hang,
 * and the message would go out later outside the durable queue's control. Failing lets the worker
 * record the attempt and back off. Same env (mailEnv), pool size, timeouts and trace handling.
 */
@Injectable()
export class TicketMailTransport extends MailTransport {
  private readonly pool: Transporter;

  constructor(private readonly settings: AppConfig<TicketsEnv>) {
    super(settings);
    const env = settings.env;
    const user = env.MAIL_USER ?? env.MAIL_AUTH_USER;
    const pass = env.MAIL_PASS ?? env.MAIL_AUTH_PASS;
    const options: SMTPPool.Options & { maxRequeues: number } = {
      host: env.MAIL_HOST,
      port: env.MAIL_PORT,
      secure: env.MAIL_SECURE,
      requireTLS: env.MAIL_REQUIRE_TLS,
      auth: user ? { user, pass } : undefined,
      pool: true,
      maxConnections: 5,
      maxRequeues: 0,
      connectionTimeout: 5000,
      greetingTimeout: 5000,
      socketTimeout: 10000,
    };
    this.pool = createTransport(options);
  }

  override async send(message: MailMessage): Promise<void> {
    const { trace, ...mail } = message;
    const send = () => this.pool.sendMail({ from: this.settings.env.MAIL_FROM, ...mail });
    await (trace?.traceparent ? context.with(contextFromHeaders(trace), send) : send());
  }

  override verify(): Promise<true> {
    return this.pool.verify();
  }

  override onApplicationShutdown() {
    super.onApplicationShutdown();
    this.pool.close();
  }
}
