import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type SendMailOptions, type Transport, type Transporter } from 'nodemailer';
import type NodemailerMessage from 'nodemailer/lib/mailer/mail-message';
import type { z } from 'zod';
import { context } from '@opentelemetry/api';
import { contextFromHeaders } from '@event-tickets/telemetry';
import { AppConfig } from '../config/app-config';
import type { mailEnv } from '../config/env.fragments';
import { SessionPool } from './session-pool';
import { SmtpSession, type SmtpSessionOptions } from './smtp-session';

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

/** An open session unused this long is ended (well below the 5 minutes servers wait for a client). */
const IDLE_MS = 30_000;

/** nodemailer copies the fields given to `sendMail` onto the message it hands the transport. */
interface SendOptions extends SendMailOptions {
  signal?: AbortSignal;
}

/**
 * SMTP through nodemailer, on a pool of up to MAIL_POOL_SIZE sessions reused from one email to the
 * next (MAIL_POOL_MAX_MESSAGES each, ended when idle). A session is lent to one send at a time, and
 * aborting a send (the durable mail worker's send timeout) cuts that session's socket: the server
 * never gets the rest of the message, so a send the worker gave up on cannot still be accepted later
 * while another worker retries it. A session whose send failed in any way is thrown away, never
 * reused. (nodemailer's own pool cannot end one send: a timed-out send kept its connection and could
 * still complete.) Sending is the apps' durable mail workers' job.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly session: SmtpSessionOptions;
  private readonly pool: SessionPool<SmtpSession>;
  private readonly mailer: Transporter;

  constructor(private readonly config: AppConfig<MailEnv>) {
    const env = config.env;
    const user = env.MAIL_USER ?? env.MAIL_AUTH_USER;
    const pass = env.MAIL_PASS ?? env.MAIL_AUTH_PASS;
    this.session = {
      host: env.MAIL_HOST,
      port: env.MAIL_PORT,
      secure: env.MAIL_SECURE,
      requireTLS: env.MAIL_REQUIRE_TLS,
      auth: user ? { user, pass: pass ?? '' } : undefined,
      connectionTimeoutMs: 5000,
      greetingTimeoutMs: 5000,
      // A server silent this long ends the session; a slow one (seconds per message) is waited for
      // up to the worker's send timeout, which ends the send whatever the session waits for.
      socketTimeoutMs: 60_000,
    };
    this.pool = new SessionPool({
      size: env.MAIL_POOL_SIZE,
      maxMessages: env.MAIL_POOL_MAX_MESSAGES,
      idleMs: IDLE_MS,
      open: (signal) => SmtpSession.open(this.session, signal),
    });
    this.mailer = createTransport(this.pooledTransport());
  }

  /**
   * One SMTP send (traced as `smtp.send` by the telemetry lib's nodemailer instrumentation: a child
   * of `message.trace` when given, else of the active context). `signal` aborts it: waiting for a
   * session ends, or the session is cut, and the send rejects.
   */
  async send(message: MailMessage, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const { trace, ...mail } = message;
    const options: SendOptions = { from: this.config.env.MAIL_FROM, ...mail, signal };
    const send = () => this.mailer.sendMail(options);
    await (trace?.traceparent ? context.with(contextFromHeaders(trace), send) : send());
  }

  /** Opens a session of its own, says hello (and logs in), and ends it: the SMTP server answers. */
  async verify(): Promise<true> {
    const session = await SmtpSession.open(this.session);
    await session.quit();
    return true;
  }

  /** Ends the idle sessions, and the others once their send is done. */
  close(): Promise<void> {
    return this.pool.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  /** nodemailer builds the message (and traces the send); the pool carries it. */
  private pooledTransport(): Transport & { options: { host: string; port: number } } {
    const { host, port } = this.session;
    return {
      name: 'SMTP (pool)',
      version: '1',
      options: { host, port },
      send: (mail: NodemailerMessage, callback: (error: Error | null, info: unknown) => void) => {
        const { signal } = mail.data as SendOptions;
        const envelope = mail.message.getEnvelope();
        const messageId = mail.message.messageId();
        this.pool
          .use((session) => session.send(envelope, mail.message.createReadStream(), signal), signal)
          .then(
            (info) => callback(null, { ...info, envelope, messageId }),
            (error: Error) => callback(error, undefined),
          );
      },
    };
  }
}
