import { connect } from 'node:net';
import { Injectable } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
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

const CONNECTION_TIMEOUT_MS = 5000;

/**
 * SMTP through nodemailer, one session per send on a socket the send owns. Aborting a send (the
 * durable mail worker's send timeout) destroys that socket: the server never gets the rest of the
 * message, so a send the worker gave up on cannot still be accepted later while another worker
 * retries it. (A shared pool cannot end one send: a timed-out send kept its connection and could
 * still complete.) Sending is the apps' durable mail workers' job.
 */
@Injectable()
export class MailTransport {
  private readonly options: SMTPTransport.Options;

  constructor(private readonly config: AppConfig<MailEnv>) {
    const env = config.env;
    const user = env.MAIL_USER ?? env.MAIL_AUTH_USER;
    const pass = env.MAIL_PASS ?? env.MAIL_AUTH_PASS;
    this.options = {
      host: env.MAIL_HOST,
      port: env.MAIL_PORT,
      secure: env.MAIL_SECURE,
      requireTLS: env.MAIL_REQUIRE_TLS,
      auth: user ? { user, pass } : undefined,
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      greetingTimeout: 5000,
      // A server silent this long ends the session; a slow one (seconds per message) is waited for
      // up to the worker's send timeout, which ends the send whatever nodemailer waits for.
      socketTimeout: 60_000,
    };
  }

  /**
   * One SMTP send (traced as `smtp.send` by the telemetry lib's nodemailer instrumentation: a child
   * of `message.trace` when given, else of the active context). `signal` aborts it: the session is
   * cut and the send rejects.
   */
  async send(message: MailMessage, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const { trace, ...mail } = message;
    const transporter = this.transporter(signal);
    const send = () => transporter.sendMail({ from: this.config.env.MAIL_FROM, ...mail });
    await (trace?.traceparent ? context.with(contextFromHeaders(trace), send) : send());
  }

  /** Opens a session and says hello (and logs in): the SMTP server answers. */
  verify(): Promise<true> {
    return this.transporter().verify();
  }

  private transporter(signal?: AbortSignal): Transporter {
    const { host, port } = this.options;
    return createTransport({
      ...this.options,
      // nodemailer runs the session on this socket, which the signal can destroy.
      getSocket: (_options, done) => {
        const socket = connect({ host: host!, port: port! });
        let connected = false;
        const abort = () => socket.destroy(new Error('send aborted'));
        signal?.addEventListener('abort', abort, { once: true });
        socket.once('close', () => signal?.removeEventListener('abort', abort));
        socket.setTimeout(CONNECTION_TIMEOUT_MS, () => socket.destroy(new Error('Connection timeout')));
        socket.once('error', (error) => connected || done(error, undefined as never));
        socket.once('connect', () => {
          connected = true;
          socket.setTimeout(0);
          done(null, { connection: socket });
        });
      },
    } as SMTPTransport.Options);
  }
}
