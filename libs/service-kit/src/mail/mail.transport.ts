import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type { z } from 'zod';
import { AppConfig } from '../config/app-config';
import type { mailEnv } from '../config/env.fragments';
import { HealthService, type HealthIndicator } from '../health/health.service';

export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments?: { filename: string; content: Buffer; cid?: string; contentType?: string }[];
  /** Stable Message-ID, so a retried send of the same email is recognisable downstream. */
  messageId?: string;
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
    this.transporter = createTransport({
      host: env.MAIL_HOST,
      port: env.MAIL_PORT,
      secure: env.MAIL_SECURE,
      requireTLS: env.MAIL_REQUIRE_TLS,
      auth: user ? { user, pass } : undefined,
      pool: true,
      maxConnections: 5,
      connectionTimeout: 5000,
      greetingTimeout: 5000,
      socketTimeout: 10000,
    });
  }

  async send(message: MailMessage): Promise<void> {
    await this.transporter.sendMail({ from: this.config.env.MAIL_FROM, ...message });
  }

  verify(): Promise<true> {
    return this.transporter.verify();
  }

  onApplicationShutdown() {
    this.transporter.close();
  }
}

/** Readiness includes the SMTP server (tickets and payments cannot deliver without it). */
@Injectable()
export class SmtpHealthIndicator implements HealthIndicator, OnModuleInit {
  readonly name = 'smtp';
  constructor(
    private readonly transport: MailTransport,
    private readonly health: HealthService,
  ) {}
  onModuleInit() {
    this.health.register(this);
  }
  async check() {
    await this.transport.verify();
  }
}
