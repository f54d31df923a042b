import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Clients, PayloadOf } from '@event-tickets/contracts';
import { currentTraceHeaders } from '@event-tickets/telemetry';
import { TicketMailWorker } from '../delivery/ticket-mail.worker';
import { TicketsRepository } from '../store/tickets.repository';
import { ticketMetrics } from '../tickets.metrics';
import { eventDateOf, purchaseKey } from './ticket-facts';

export type SendTicket = PayloadOf<typeof Clients.SendTicketV1>;

export type IssueOutcome = { issued: true; ticketId: string } | { issued: false; purchaseKey: string };

/**
 * SEND_TICKET → one ticket with a random UUID v4 passport and its email queued, in one insert. The
 * unique purchase key makes a redelivery (or a concurrent consumer) a no-op: never a second ticket,
 * never a new passport.
 */
@Injectable()
export class IssueTicketUseCase {
  constructor(
    private readonly tickets: TicketsRepository,
    private readonly mail: TicketMailWorker,
  ) {}

  async execute(payload: SendTicket, messageId: string): Promise<IssueOutcome> {
    const key = purchaseKey(payload.paymentId, messageId);
    const ticket = await this.tickets.insert(
      {
        purchaseKey: key,
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
        trace: currentTraceHeaders(),
      },
      new Date(),
    );
    if (!ticket) {
      ticketMetrics.duplicates.inc();
      return { issued: false, purchaseKey: key };
    }
    ticketMetrics.issued.inc();
    this.mail.send(ticket);
    return { issued: true, ticketId: ticket.id };
  }
}
