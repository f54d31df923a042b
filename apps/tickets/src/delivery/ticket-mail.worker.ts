import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig, type MailMessage, MailTransport, MailWorker } from '@event-tickets/service-kit';
import type { TicketsEnv } from '../config/tickets.env';
import { isOrderEmail, TicketMailStore } from '../store/ticket-mail.store';
import type { TicketRecord } from '../store/ticket.record';
import { ticketMetrics } from '../tickets.metrics';
import { QR_CID, renderTicketEmail, seatQrCid } from './ticket-email';
import { passportQr } from './ticket-qr';

/**
 * Sends the ticket emails recorded in the tickets, through the kit's durable mail worker: a ticket
 * just issued is handed over in memory and sent at once; the database is polled as the safety net (a
 * restart, a retry that is due, a resend, a crashed replica's leftovers). A failed send is retried
 * with exponential back-off, capped at TICKET_MAIL_RETRY_MAX_MS, or TICKET_MAIL_REJECTED_RETRY_MAX_MS
 * after a permanent (5xx) refusal. A claim left by a crashed replica is taken over after
 * TICKET_MAIL_LEASE_MS.
 */
@Injectable()
export class TicketMailWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TicketMailWorker.name);
  private readonly worker: MailWorker<TicketRecord>;

  constructor(store: TicketMailStore, transport: MailTransport, config: AppConfig<TicketsEnv>) {
    const env = config.env;
    this.worker = new MailWorker<TicketRecord>({
      name: 'ticket-mail',
      store,
      transport,
      compose: (ticket) => compose(ticket, store),
      idOf: (ticket) => ticket.id,
      describe: (ticket) => ({ ticketId: ticket.id, round: ticket.mail.round }),
      pollIntervalMs: env.TICKET_MAIL_POLL_INTERVAL_MS,
      batchSize: env.TICKET_MAIL_BATCH_SIZE,
      concurrency: env.TICKET_MAIL_CONCURRENCY,
      leaseMs: env.TICKET_MAIL_LEASE_MS,
      retry: {
        initialMs: env.TICKET_MAIL_RETRY_BASE_MS,
        maxMs: env.TICKET_MAIL_RETRY_MAX_MS,
        rejectedMaxMs: env.TICKET_MAIL_REJECTED_RETRY_MAX_MS,
      },
      onSent: (ticket) => {
        ticketMetrics.emailsSent.inc({ kind: ticket.mail.round === 0 ? 'first' : 'resend' });
        this.logger.log({ ticketId: ticket.id, round: ticket.mail.round }, 'ticket email sent');
      },
      onFailed: (_ticket, _error, { rejected }) =>
        ticketMetrics.emailsFailed.inc({ reason: rejected ? 'rejected' : 'transient' }),
    });
  }

  onApplicationBootstrap() {
    this.worker.start();
  }

  async onModuleDestroy() {
    await this.worker.stop();
  }

  /**
   * A ticket whose email was just recorded: send it now rather than at the next poll; `reserved` when
   * it was inserted leased to this worker, into a slot reserved for it.
   */
  send(ticket: TicketRecord, reserved = false): void {
    this.worker.offer(ticket, reserved);
  }

  /** Send slots for tickets about to be inserted leased to this worker (see MailWorker.reserveSlots). */
  reserveSlots(wanted: number): number {
    return this.worker.reserveSlots(wanted);
  }

  unreserve(slots: number): void {
    this.worker.unreserve(slots);
  }

  /** Look in the database for due emails now (a resend was requested). */
  kick(): void {
    this.worker.kick();
  }

  /** Resolves when nothing is polled, waiting or being sent (tests). */
  whenIdle(): Promise<void> {
    return this.worker.whenIdle();
  }
}

/**
 * The ticket's email; the first email of an order of several shows every ticket of it, and waits
 * (a failed attempt, retried with back-off) until all of them are issued.
 */
async function compose(
  ticket: TicketRecord,
  store: Pick<TicketMailStore, 'orderTickets'>,
): Promise<MailMessage> {
  const order = isOrderEmail(ticket) ? await store.orderTickets(ticket.paymentId) : [ticket];
  if (order.length < (ticket.quantity ?? 1) && isOrderEmail(ticket))
    throw new Error(`order not fully issued yet: ${order.length} of ${ticket.quantity} tickets`);
  const passports = order.map((t) => t.passport);
  return {
    to: ticket.email,
    ...renderTicketEmail({ ...ticket, passports }),
    attachments: passports.map((passport, i) => ({
      filename: order.length > 1 ? `passport-qr-${i + 1}.png` : 'passport-qr.png',
      content: passportQr(passport),
      cid: order.length > 1 ? seatQrCid(i + 1) : QR_CID,
      contentType: 'image/png',
    })),
    messageId: `<ticket-${ticket.id}-${ticket.mail.round}@event-tickets>`,
    trace: ticket.mail.trace,
  };
}
