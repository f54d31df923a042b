import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig, MailTransport, type MailMessage } from '@event-tickets/service-kit';
import type { TicketsEnv } from '../config/tickets.env';
import { MailQueue } from '../store/mail-queue.repository';
import type { TicketRecord } from '../store/ticket.record';
import { ticketMetrics } from '../tickets.metrics';
import { mailRetryDelay, smtpRejected } from './mail-backoff';
import { QR_CID, renderTicketEmail } from './ticket-email';
import { passportQr } from './ticket-qr';

const PURGE_EVERY_MS = 10 * 60_000;
const KEEP_CLAIMS_MS = 24 * 3_600_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends the ticket emails recorded in the tickets: polls (and is kicked right after a ticket is
 * issued or a resend is requested), claims each due attempt by inserting its claim document, sends,
 * then records SENT, or the error and the next attempt's time (exponential backoff). One drain at a
 * time per process, TICKET_MAIL_CONCURRENCY sends at once; replicas are kept apart by the claims.
 * A claim left by a crashed replica is taken over after TICKET_MAIL_LEASE_MS.
 */
@Injectable()
export class TicketMailWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TicketMailWorker.name);
  private readonly worker = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopping = false;
  private lastPurge = 0;

  constructor(
    private readonly queue: MailQueue,
    private readonly transport: MailTransport,
    private readonly config: AppConfig<TicketsEnv>,
  ) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => this.kick(), this.config.env.TICKET_MAIL_POLL_INTERVAL_MS);
    this.timer.unref();
    this.kick();
  }

  async onModuleDestroy() {
    this.stopping = true;
    clearInterval(this.timer);
    await this.whenIdle();
  }

  /** Look for due emails now (a drain already running looks again when it ends). */
  kick(): void {
    if (this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = undefined));
  }

  /** Resolves when no drain is running (tests; shutdown). */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop() {
    do {
      this.again = false;
      try {
        await this.drain();
      } catch (error) {
        this.logger.warn({ err: error }, 'ticket mail poll failed, will retry');
        return;
      }
    } while (this.again && !this.stopping);
  }

  private async drain() {
    const { TICKET_MAIL_BATCH_SIZE: batch, TICKET_MAIL_CONCURRENCY: concurrency } = this.config.env;
    const due = await this.queue.due(new Date(), batch);
    let delivered = 0;
    for (let i = 0; i < due.length && !this.stopping; i += concurrency) {
      const outcomes = await Promise.allSettled(due.slice(i, i + concurrency).map((t) => this.deliver(t)));
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') throw outcome.reason;
        if (outcome.value) delivered += 1;
      }
    }
    if (due.length === batch && delivered > 0) this.again = true;
    ticketMetrics.emailsPending.set(await this.queue.countPending());
    if (Date.now() - this.lastPurge > PURGE_EVERY_MS) {
      this.lastPurge = Date.now();
      await this.queue.purgeClaims(new Date(Date.now() - KEEP_CLAIMS_MS));
    }
  }

  /** One attempt of one ticket's email; false when another worker has it. */
  private async deliver(ticket: TicketRecord): Promise<boolean> {
    const now = new Date();
    if (!(await this.queue.claim(ticket, this.worker, now))) {
      await this.takeOverIfStalled(ticket, now);
      return false;
    }
    const log = { ticketId: ticket.id, round: ticket.mail.round, attempt: ticket.mail.attempts + 1 };
    try {
      await this.transport.send(await this.compose(ticket));
    } catch (error) {
      const rejected = smtpRejected(error);
      const { TICKET_MAIL_RETRY_BASE_MS: base, TICKET_MAIL_RETRY_MAX_MS: max } = this.config.env;
      const cap = rejected ? this.config.env.TICKET_MAIL_REJECTED_RETRY_MAX_MS : max;
      const delay = mailRetryDelay(ticket.mail.attempts, base, cap);
      const reason = String((error as Error)?.message ?? error).slice(0, 500);
      await this.persist(() => this.queue.markFailed(ticket, reason, new Date(Date.now() + delay)));
      ticketMetrics.emailsFailed.inc({ reason: rejected ? 'rejected' : 'transient' });
      this.logger.warn({ ...log, err: error, retryInMs: delay }, 'ticket email failed, will retry');
      return true;
    }
    await this.persist(() => this.queue.markSent(ticket, new Date()));
    ticketMetrics.emailsSent.inc({ kind: ticket.mail.round === 0 ? 'first' : 'resend' });
    this.logger.log(log, 'ticket email sent');
    return true;
  }

  private async compose(ticket: TicketRecord): Promise<MailMessage> {
    const email = renderTicketEmail(ticket);
    return {
      to: ticket.email,
      ...email,
      attachments: [
        {
          filename: 'passport-qr.png',
          content: await passportQr(ticket.passport),
          cid: QR_CID,
          contentType: 'image/png',
        },
      ],
      messageId: `<ticket-${ticket.id}-${ticket.mail.round}@event-tickets>`,
      trace: ticket.mail.trace,
    };
  }

  private async takeOverIfStalled(ticket: TicketRecord, now: Date) {
    const claimedAt = await this.queue.claimedAt(ticket);
    if (!claimedAt || now.getTime() - claimedAt.getTime() < this.config.env.TICKET_MAIL_LEASE_MS) return;
    this.logger.warn({ ticketId: ticket.id, claimedAt }, 'taking over a stalled ticket email');
    await this.queue.takeOver(ticket);
  }

  /** The email went out (or failed): recording that must not be lost to a database hiccup. */
  private async persist(write: () => Promise<void>) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await write();
      } catch (error) {
        if (this.stopping) throw error;
        this.logger.warn({ err: error, attempt }, 'recording the ticket email state failed, will retry');
        await sleep(Math.min(30_000, 500 * 2 ** Math.min(attempt, 6)));
      }
    }
  }
}
