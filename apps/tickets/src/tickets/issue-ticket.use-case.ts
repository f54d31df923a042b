import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Clients, PayloadOf } from '@event-tickets/contracts';
import { AppConfig } from '@event-tickets/service-kit';
import { currentTraceHeaders } from '@event-tickets/telemetry';
import type { TicketsEnv } from '../config/tickets.env';
import { TicketMailWorker } from '../delivery/ticket-mail.worker';
import type { NewTicket } from '../store/ticket.record';
import { TicketsRepository } from '../store/tickets.repository';
import { ticketMetrics } from '../tickets.metrics';
import { eventDateOf, purchaseKey } from './ticket-facts';

export type SendTicket = PayloadOf<typeof Clients.SendTicketV1>;

export type IssueOutcome = { issued: true; ticketId: string } | { issued: false; purchaseKey: string };

/**
 * SEND_TICKET → one ticket with a random UUID v4 passport and its email queued, in one insert. The
 * unique purchase key makes a redelivery (or a concurrent consumer) a no-op: never a second ticket,
 * never a new passport. The emails this replica's mail worker can start at once are inserted with
 * their first attempt leased to it (TICKET_MAIL_LEASE_MS), sent from memory without a claim round
 * trip (if this replica dies first, another takes them over once the lease has run out); the others
 * are inserted due, for whichever replica's worker is free first.
 */
@Injectable()
export class IssueTicketUseCase {
  constructor(
    private readonly tickets: TicketsRepository,
    private readonly mail: TicketMailWorker,
    private readonly config: AppConfig<TicketsEnv>,
  ) {}

  async execute(payload: SendTicket, messageId: string): Promise<IssueOutcome> {
    const [outcome] = await this.executeBatch([{ payload, messageId }]);
    return outcome!;
  }

  /** Several messages in one unordered insert; an outcome per message, in order. */
  async executeBatch(messages: { payload: SendTicket; messageId: string }[]): Promise<IssueOutcome[]> {
    const tickets = messages.map(({ payload, messageId }) => newTicket(payload, messageId));
    const leased = this.mail.reserveSlots(tickets.length);
    let inserted: Awaited<ReturnType<TicketsRepository['insertMany']>>;
    try {
      inserted = await this.tickets.insertMany(tickets, new Date(), {
        leaseMs: this.config.env.TICKET_MAIL_LEASE_MS,
        first: leased,
      });
    } catch (error) {
      this.mail.unreserve(leased);
      throw error;
    }
    this.mail.unreserve(inserted.slice(0, leased).filter((ticket) => !ticket).length);
    return inserted.map((ticket, i): IssueOutcome => {
      if (!ticket) {
        ticketMetrics.duplicates.inc();
        return { issued: false, purchaseKey: tickets[i]!.purchaseKey };
      }
      ticketMetrics.issued.inc();
      this.mail.send(ticket, i < leased);
      return { issued: true, ticketId: ticket.id };
    });
  }
}

function newTicket(payload: SendTicket, messageId: string): NewTicket {
  return {
    purchaseKey: purchaseKey(payload.paymentId, messageId),
    passport: randomUUID(),
    email: payload.email,
    name: payload.name,
    eventId: payload.eventId,
    eventName: payload.eventName,
    eventDescription: payload.eventDescription,
    eventImageUrl: payload.eventImageUrl,
    eventDate: eventDateOf(payload.eventDate),
    language: payload.language,
    paymentId: payload.paymentId?.trim() || undefined,
    userId: payload.userId?.trim() || undefined,
    trace: currentTraceHeaders(),
  };
}
