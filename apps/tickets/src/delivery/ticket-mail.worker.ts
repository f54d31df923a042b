import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig, MailTransport, type MailMessage } from '@event-tickets/service-kit';
import type { TicketsEnv } from '../config/tickets.env';
import { MailQueue } from '../store/mail-queue.repository';
import type { TicketRecord } from '../store/ticket.record';
import { countPendingEmailsWith, ticketMetrics } from '../tickets.metrics';
import { mailRetryDelay, smtpRejected } from './mail-backoff';
import { QR_CID, renderTicketEmail } from './ticket-email';
import { passportQr } from './ticket-qr';

const PURGE_EVERY_MS = 10 * 60_000;
const KEEP_CLAIMS_MS = 24 * 3_600_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends the ticket emails recorded in the tickets. A ticket just issued is handed over in memory and
 * sent at once; the database is polled as the safety net (a restart, a retry that is due, a resend, a
 * crashed replica's leftovers), and only while few sends are waiting here, so a backlog is not read
 * again and again. Each attempt is claimed by inserting its claim document, sent, then recorded SENT,
 * or the error and the next attempt's time (exponential backoff). TICKET_MAIL_CONCURRENCY sends at
 * once; replicas are kept apart by the claims. A claim left by a crashed replica is taken over after
 * TICKET_MAIL_LEASE_MS.
 */
@Injectable()
export class TicketMailWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TicketMailWorker.name);
  private readonly worker = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  /** Sends waiting for a free slot, by ticket id (a ticket is here or in flight, never twice). */
  private readonly waiting = new Map<string, TicketRecord>();
  private readonly inFlight = new Set<string>();
  private idleWaiters: (() => void)[] = [];
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private pollAgain = false;
  private moreDue = false;
  private stopping = false;
  private lastPurge = 0;

  constructor(
    private readonly queue: MailQueue,
    private readonly transport: MailTransport,
    private readonly config: AppConfig<TicketsEnv>,
  ) {}

  onApplicationBootstrap() {
    countPendingEmailsWith(() => this.queue.countPending());
    this.timer = setInterval(() => this.kick(), this.config.env.TICKET_MAIL_POLL_INTERVAL_MS);
    this.timer.unref();
    this.kick();
  }

  async onModuleDestroy() {
    this.stopping = true;
    this.waiting.clear(); // still PENDING in the database: the next start (or a replica) sends them
    clearInterval(this.timer);
    await this.whenIdle();
  }

  /** A ticket whose email was just recorded: send it now rather than at the next poll. */
  send(ticket: TicketRecord): void {
    if (this.stopping || this.inFlight.has(ticket.id)) return;
    this.waiting.set(ticket.id, ticket);
    this.pump();
  }

  /** Look in the database for due emails now (a poll already running looks again when it ends). */
  kick(): void {
    if (this.stopping) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = this.poll().finally(() => {
      this.polling = undefined;
      this.settle();
    });
  }

  /** Resolves when nothing is polled, waiting or being sent (tests; shutdown). */
  async whenIdle(): Promise<void> {
    while (this.polling || this.inFlight.size || this.waiting.size)
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private settle() {
    if (this.polling || this.inFlight.size || this.waiting.size) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((resolve) => resolve());
  }

  private async poll() {
    const { TICKET_MAIL_BATCH_SIZE: batch, TICKET_MAIL_CONCURRENCY: concurrency } = this.config.env;
    do {
      this.pollAgain = false;
      // Enough to do already: what is due in the database is read once these are sent.
      if (this.waiting.size >= concurrency) {
        this.moreDue = true;
        break;
      }
      try {
        const due = await this.queue.due(new Date(), batch);
        let fresh = 0;
        for (const ticket of due) {
          if (this.inFlight.has(ticket.id) || this.waiting.has(ticket.id)) continue;
          this.waiting.set(ticket.id, ticket);
          fresh += 1;
        }
        this.moreDue = due.length === batch && fresh > 0;
        this.pump();
        await this.housekeeping();
      } catch (error) {
        this.logger.warn({ err: error }, 'ticket mail poll failed, will retry');
        return;
      }
    } while (this.pollAgain && !this.stopping);
  }

  private async housekeeping() {
    if (Date.now() - this.lastPurge > PURGE_EVERY_MS) {
      this.lastPurge = Date.now();
      await this.queue.purgeClaims(new Date(Date.now() - KEEP_CLAIMS_MS));
    }
  }

  /** Starts waiting sends while fewer than TICKET_MAIL_CONCURRENCY are in flight. */
  private pump() {
    const { TICKET_MAIL_CONCURRENCY: concurrency } = this.config.env;
    while (!this.stopping && this.inFlight.size < concurrency && this.waiting.size) {
      const [id, ticket] = this.waiting.entries().next().value as [string, TicketRecord];
      this.waiting.delete(id);
      this.inFlight.add(id);
      this.deliver(ticket)
        .catch((error) =>
          // Still PENDING in the database (claim or record failed): a later poll tries again.
          this.logger.warn({ err: error, ticketId: id }, 'ticket email attempt failed, will retry'),
        )
        .finally(() => {
          this.inFlight.delete(id);
          this.pump();
          if (!this.waiting.size && this.moreDue) {
            this.moreDue = false;
            this.kick();
          }
          this.settle();
        });
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
          content: passportQr(ticket.passport),
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
