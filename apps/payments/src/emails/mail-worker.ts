import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig, MailTransport } from '@event-tickets/service-kit';
import { paymentsMetrics } from '../common/payments.metrics';
import type { PaymentsEnv } from '../config/payments.env';

interface DueEmail {
  id: string;
  payment_id: string;
  kind: string;
  recipient: string;
  subject: string;
  html: string;
  text: string;
  traceparent: string | null;
  tracestate: string | null;
}

const DUE = `
  SELECT id FROM emails WHERE status = 'PENDING' AND next_attempt_at <= now()
  ORDER BY next_attempt_at
  LIMIT $1`;

/** One row, locked while it is sent: another replica skips it, a crash before the send releases it. */
const CLAIM = `
  SELECT id, payment_id, kind, recipient, subject, html, text, traceparent, tracestate FROM emails
  WHERE id = $1 AND status = 'PENDING' AND next_attempt_at <= now()
  FOR UPDATE SKIP LOCKED`;

/** Sends at once (the SMTP pool has 5 connections; each send holds a database connection). */
const CONCURRENCY = 5;

/**
 * Sends the recorded payment emails: each due row is locked, sent through SMTP and marked SENT in its
 * own short transaction, committed as soon as the SMTP server has accepted the message. A crash
 * before that commit makes the row due again: only a crash in the moment between the server's
 * answer and the commit can send an email twice (SMTP gives no way to ask what it received), and
 * the stable Message-ID makes such a copy recognisable. A refused or failed send counts an attempt
 * and backs off (1 s, 2 s, 4 s ... capped at 30 s), so every email is retried until the SMTP server
 * accepts it.
 */
@Injectable()
export class MailWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MailWorker.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private failures = 0;
  private kicked = false;
  private gaugeUpdatedAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transport: MailTransport,
    private readonly config: AppConfig<PaymentsEnv>,
  ) {}

  onApplicationBootstrap() {
    this.start();
  }

  async onApplicationShutdown() {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Look for due emails now (after a commit that recorded some). */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    const { MAIL_BATCH_SIZE: batch, MAIL_POLL_INTERVAL_MS: interval } = this.config.env;
    while (this.running) {
      this.kicked = false;
      let claimed = 0;
      try {
        claimed = await this.sendDue(batch);
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        this.logger.warn({ err: error, failures: this.failures }, 'mail worker: cycle failed, will retry');
      }
      if (this.failures) await this.sleep(Math.min(30_000, interval * 2 ** Math.min(this.failures, 6)));
      else if (claimed < batch && !this.kicked) await this.sleep(interval);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  /** One cycle over the due emails (up to `batch`), CONCURRENCY at a time; returns how many were due. */
  async sendDue(batch: number): Promise<number> {
    const due: { id: string }[] = await this.dataSource.query(DUE, [batch]);
    let next = 0;
    const errors: unknown[] = [];
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, due.length) }, async () => {
        while (next < due.length) {
          const { id } = due[next++]!;
          await this.sendOne(id).catch((error: unknown) => errors.push(error));
        }
      }),
    );
    if (Date.now() - this.gaugeUpdatedAt > 1000) {
      this.gaugeUpdatedAt = Date.now();
      const [stats] = await this.dataSource.query(
        `SELECT count(*)::int AS n FROM emails WHERE status = 'PENDING'`,
      );
      paymentsMetrics.emailsPending.set(stats.n);
    }
    if (errors.length) throw errors[0];
    return due.length;
  }

  /** Lock, send, record, commit: one email. False when another worker has it (or it is done). */
  private sendOne(id: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(CLAIM, [id])) as DueEmail[];
      if (!row) return false;
      try {
        await this.send(row);
      } catch (error) {
        await this.markFailed(manager, row, error);
        return true;
      }
      await this.markSent(manager, row);
      return true;
    });
  }

  private send(row: DueEmail): Promise<void> {
    return this.transport.send({
      to: row.recipient,
      subject: row.subject,
      html: row.html,
      text: row.text,
      // Stable per payment and kind: a resend after a crash is recognisable downstream.
      messageId: `<${row.payment_id}.${row.kind.toLowerCase()}@payments.event-tickets>`,
      trace: { traceparent: row.traceparent ?? undefined, tracestate: row.tracestate ?? undefined },
    });
  }

  private async markSent(manager: EntityManager, row: DueEmail): Promise<void> {
    await manager.query(
      `UPDATE emails SET status = 'SENT', sent_at = now(), attempts = attempts + 1, last_error = NULL
       WHERE id = $1`,
      [row.id],
    );
    paymentsMetrics.emailsSent.inc({ kind: row.kind });
  }

  private async markFailed(manager: EntityManager, row: DueEmail, error: unknown): Promise<void> {
    const message = String((error as Error)?.message ?? error).slice(0, 1000);
    paymentsMetrics.emailFailures.inc();
    this.logger.warn(
      { emailId: row.id, paymentId: row.payment_id, kind: row.kind, error: message },
      'email not sent, will retry',
    );
    await manager.query(
      `UPDATE emails SET attempts = attempts + 1, last_error = $2,
         next_attempt_at = now() + make_interval(secs => LEAST(30, power(2, LEAST(attempts, 5))))
       WHERE id = $1`,
      [row.id, message],
    );
  }
}
