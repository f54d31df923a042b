import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
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

/**
 * Claims due emails by moving their next attempt LEASE_SECONDS ahead, in one committed statement:
 * another replica skips them, and a worker that dies before recording the outcome leaves them due
 * again after the lease.
 */
const CLAIM = `
  UPDATE emails SET next_attempt_at = now() + make_interval(secs => $2)
  WHERE id IN (
    SELECT id FROM emails WHERE status = 'PENDING' AND next_attempt_at <= now()
    ORDER BY next_attempt_at
    LIMIT $1
    FOR UPDATE SKIP LOCKED)
  RETURNING id, payment_id, kind, recipient, subject, html, text, traceparent, tracestate`;

/** Longer than a send can last (SMTP connection 5 s + greeting 5 s + idle socket 10 s timeouts). */
const LEASE_SECONDS = 30;
/** Sends at once (the SMTP pool has 5 connections). */
const CONCURRENCY = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends the recorded payment emails: claims due rows (a lease, committed), sends them through SMTP
 * five at a time, then records SENT — retrying that record until the database takes it, so a
 * database outage or restart while emails go out never sends one twice. Only a crash of this
 * process between the SMTP server's answer and the record can (after the lease): SMTP gives no way to
 * ask what it received, and the stable Message-ID makes such a copy recognisable. A refused or failed
 * send counts an attempt and backs off (1 s, 2 s, 4 s ... capped at 30 s), so every email is retried
 * until the SMTP server accepts it.
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

  /** One cycle: claims up to `batch` due emails and sends them; returns how many were claimed. */
  async sendDue(batch: number): Promise<number> {
    const [rows] = (await this.dataSource.query(CLAIM, [batch, LEASE_SECONDS])) as [DueEmail[], number];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, rows.length) }, async () => {
        while (next < rows.length) await this.sendOne(rows[next++]!);
      }),
    );
    if (Date.now() - this.gaugeUpdatedAt > 1000) {
      this.gaugeUpdatedAt = Date.now();
      const [stats] = await this.dataSource.query(
        `SELECT count(*)::int AS n FROM emails WHERE status = 'PENDING'`,
      );
      paymentsMetrics.emailsPending.set(stats.n);
    }
    return rows.length;
  }

  private async sendOne(row: DueEmail): Promise<void> {
    try {
      await this.send(row);
    } catch (error) {
      paymentsMetrics.emailFailures.inc();
      this.logger.warn(
        { emailId: row.id, paymentId: row.payment_id, kind: row.kind, err: error },
        'email not sent, will retry',
      );
      await this.record(() => this.markFailed(row, error));
      return;
    }
    await this.record(() => this.markSent(row));
  }

  /** The outcome of a send must not be lost to a database hiccup: retried until it is recorded. */
  private async record(write: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await write();
      } catch (error) {
        // Stopping: the lease makes the email due again (the one case that may send it twice).
        if (!this.running) throw error;
        this.logger.warn({ err: error, attempt }, 'recording an email outcome failed, will retry');
        await sleep(Math.min(10_000, 250 * 2 ** Math.min(attempt, 6)));
      }
    }
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

  private async markSent(row: DueEmail): Promise<void> {
    await this.dataSource.query(
      `UPDATE emails SET status = 'SENT', sent_at = now(), attempts = attempts + 1, last_error = NULL
       WHERE id = $1`,
      [row.id],
    );
    paymentsMetrics.emailsSent.inc({ kind: row.kind });
  }

  private async markFailed(row: DueEmail, error: unknown): Promise<void> {
    const message = String((error as Error)?.message ?? error).slice(0, 1000);
    await this.dataSource.query(
      `UPDATE emails SET attempts = attempts + 1, last_error = $2,
         next_attempt_at = now() + make_interval(secs => LEAST(30, power(2, LEAST(attempts, 5))))
       WHERE id = $1`,
      [row.id, message],
    );
  }
}
