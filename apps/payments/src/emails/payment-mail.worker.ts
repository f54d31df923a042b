import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  AppConfig,
  Database,
  MailTransport,
  MailWorker,
  type PostgresEmailRow,
  PostgresMailStore,
} from '@event-tickets/service-kit';
import { paymentsMetrics } from '../common/payments.metrics';
import type { PaymentsEnv } from '../config/payments.env';

/** A row of `emails`, as recorded with the payment's status change. */
export interface PaymentEmailRow extends PostgresEmailRow {
  payment_id: string;
  kind: string;
  recipient: string;
  subject: string;
  html: string;
  text: string;
  traceparent: string | null;
  tracestate: string | null;
  /** Set on refund emails (one per refund). */
  refund_id?: string | null;
}

/**
 * Sends the recorded payment emails through the kit's durable mail worker, with the `emails` table as
 * its queue: claimed with a 30 s lease as each send starts, five at a time (the SMTP pool), each send
 * given up after 20 s; a failed send is retried 1 s, 2 s, 4 s ... 30 s later until the SMTP server
 * accepts it.
 */
@Injectable()
export class PaymentMailWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly worker: MailWorker<PaymentEmailRow>;

  constructor(database: Database, transport: MailTransport, config: AppConfig<PaymentsEnv>) {
    this.worker = new MailWorker<PaymentEmailRow>({
      name: 'payment-mail',
      store: new PostgresMailStore<PaymentEmailRow>(database, 'emails'),
      transport,
      compose: (row) => ({
        to: row.recipient,
        subject: row.subject,
        html: row.html,
        text: row.text,
        // Stable per payment and kind (and refund): a resend after a crash is recognisable downstream.
        messageId: `<${row.payment_id}.${row.kind.toLowerCase()}${row.refund_id ? `.${row.refund_id}` : ''}@payments.event-tickets>`,
        trace: { traceparent: row.traceparent ?? undefined, tracestate: row.tracestate ?? undefined },
      }),
      idOf: (row) => row.id,
      describe: (row) => ({
        emailId: row.id,
        paymentId: row.payment_id,
        kind: row.kind,
        refundId: row.refund_id,
      }),
      pollIntervalMs: config.env.MAIL_POLL_INTERVAL_MS,
      batchSize: config.env.MAIL_BATCH_SIZE,
      concurrency: 5,
      leaseMs: 30_000,
      retry: { initialMs: 1000, maxMs: 30_000 },
      onSent: (row) => paymentsMetrics.emailsSent.inc({ kind: row.kind }),
      onFailed: () => paymentsMetrics.emailFailures.inc(),
    });
  }

  onApplicationBootstrap() {
    this.worker.start();
  }

  async onApplicationShutdown() {
    await this.worker.stop();
  }

  /** Look for due emails now (after a commit that recorded some). */
  kick(): void {
    this.worker.kick();
  }
}
