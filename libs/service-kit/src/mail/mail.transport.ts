import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { z } from 'zod';
import { context } from '@opentelemetry/api';
import { contextFromHeaders } from '@event-tickets/telemetry';
import { AppConfig } from '../config/app-config';
import type { mailEnv } from '../config/env.fragments';

export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments?: { filename: string; content: Buffer; cid?: string; contentType?: string }[];
  /** Stable Message-ID, so a retried send of the same email is recognisable downstream. */
  messageId?: string;
  /**
   * The trace the email belongs to (`currentTraceHeaders()` stored with the email when it was
   * recorded), so that a worker's later send joins the purchase's trace. Never sent over SMTP.
   */
  trace?: { traceparent?: string; tracestate?: string };
}

type MailEnv = z.output<typeof mailEnv>;

/** SMTP through nodemailer (pooled connections). Sending is the apps' durable mail workers' job. */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly transporter: Transporter;

  constructor(private readonly config: AppConfig<MailEnv>) {
    const env = config.env;
    const user = env.MAIL_USER ?? env.MAIL_AUTH_USER;
    const pass = env.MAIL_PASS ?? env.MAIL_AUTH_PASS;
    // `maxRequeues` is a pool option the typings lack.
    const options: SMTPPool.Options & { maxRequeues: number } = {
      host: env.MAIL_HOST,
      port: env.MAIL_PORT,
      secure: env.MAIL_SECURE,
      requireTLS: env.MAIL_REQUIRE_TLS,
      auth: user ? { user, pass } : undefined,
      pool: true,
      // Fail the send when the server drops the session (the durable mail worker retries); the
      // default requeues forever and send() never settles while SMTP is down.
      maxRequeues: 0,
      maxConnections: 5,
      connectionTimeout: 5000,
      greetingTimeout: 5000,
      socketTimeout: 10000,
    };
    this.transporter = createTransport(options);
  }

  /**
   * One SMTP send (traced as `smtp.send` by the telemetry lib's nodemailer instrumentation: a child
   * of `message.trace` when given, else of the active context).
   */
  async send(message: MailMessage): Promise<void> {
    const { trace, ...mail } = message;
    const send = () => this.transporter.sendMail({ from: this.config.env.MAIL_FROM, ...mail });
    await (trace?.traceparent ? context.with(contextFromHeaders(trace), send) : send());
  }

  verify(): Promise<true> {
    return this.transporter.verify();
  }

  onApplicationShutdown() {
    this.transporter.close();
  }
}
