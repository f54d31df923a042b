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

/** Rows are locked while they are sent: another replica skips them, a crash makes them due again. */
const CLAIM = `
  SELECT id, payment_id, kind, recipient, subject, html, text, traceparent, tracestate FROM emails
  WHERE status = 'PENDING' AND next_attempt_at <= now()
  ORDER BY next_attempt_at
  LIMIT $1
  FOR UPDATE SKIP LOCKED`;

/**
 * Sends the recorded payment emails: claims due rows, sends them through SMTP, marks them SENT. A
 * refused or failed send counts an attempt and backs off (1 s, 2 s, 4 s ... capped at 30 s), so every
 * email is retried until the SMTP server accepts it, and sent once.
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

  /** One claim–send–mark cycle; returns how many emails were claimed. */
  async sendDue(batch: number): Promise<number> {
    const claimed = await this.dataSource.transaction(async (manager) => {
      const rows: DueEmail[] = await manager.query(CLAIM, [batch]);
      if (!rows.length) return 0;
      const results = await Promise.allSettled(rows.map((row) => this.send(row)));
      const sent = rows.filter((_, i) => results[i]!.status === 'fulfilled');
      await this.markSent(manager, sent);
      for (const [i, result] of results.entries()) {
        if (result.status === 'rejected') await this.markFailed(manager, rows[i]!, result.reason);
      }
      return rows.length;
    });
    if (claimed || Date.now() - this.gaugeUpdatedAt > 5000) {
      this.gaugeUpdatedAt = Date.now();
      const [stats] = await this.dataSource.query(
        `SELECT count(*)::int AS n FROM emails WHERE status = 'PENDING'`,
      );
      paymentsMetrics.emailsPending.set(stats.n);
    }
    return claimed;
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

  private async markSent(manager: EntityManager, rows: DueEmail[]): Promise<void> {
    if (!rows.length) return;
    await manager.query(
      `UPDATE emails SET status = 'SENT', sent_at = now(), attempts = attempts + 1, last_error = NULL
       WHERE id = ANY($1)`,
      [rows.map((r) => r.id)],
    );
    for (const row of rows) paymentsMetrics.emailsSent.inc({ kind: row.kind });
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
