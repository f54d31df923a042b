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
import { eventDateOf, purchaseKey, seatKey } from './ticket-facts';

export type SendTicket = PayloadOf<typeof Clients.SendTicketV1>;

/** `issued`: how many of the order's tickets this call inserted (0: a redelivery, no effect). */
export type IssueOutcome =
  { issued: true; ticketId: string; count: number } | { issued: false; purchaseKey: string };

/**
 * SEND_TICKET → `quantity` tickets (1 when absent), one per seat, each with a random UUID v4 passport,
 * and the order's one email queued on the first seat's ticket, all in one insert. The unique key per
 * seat makes a redelivery (or a concurrent consumer, or a redo after a partial insert) issue only the
 * seats still missing: never a second ticket for a seat, never a new passport. The emails this replica's mail worker can start at once are inserted with
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

  /**
   * Several messages in one unordered insert; an outcome per message, in order. The first seats come
   * first (in message order), so the leased slots go to the tickets that carry an email.
   */
  async executeBatch(messages: { payload: SendTicket; messageId: string }[]): Promise<IssueOutcome[]> {
    const orders = messages.map(({ payload, messageId }) => newTickets(payload, messageId));
    const tickets = [...orders.map((seats) => seats[0]!), ...orders.flatMap((seats) => seats.slice(1))];
    const leased = this.mail.reserveSlots(orders.length);
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
    // Where each order's seats sit in `tickets`: seat 1 at the order's index, the others after all firsts.
    let extra = orders.length;
    return orders.map((seats, i): IssueOutcome => {
      const first = inserted[i];
      if (first) this.mail.send(first, i < leased);
      const issued = [first, ...seats.slice(1).map(() => inserted[extra++])].filter((t) => t !== undefined);
      if (!issued.length) {
        ticketMetrics.duplicates.inc();
        return { issued: false, purchaseKey: seats[0]!.purchaseKey };
      }
      ticketMetrics.issued.inc(issued.length);
      return { issued: true, ticketId: (first ?? issued[0]!).id, count: issued.length };
    });
  }
}

/** The order's tickets, seat 1 first. */
function newTickets(payload: SendTicket, messageId: string): NewTicket[] {
  const purchase = purchaseKey(payload.paymentId, messageId);
  const quantity = payload.quantity ?? 1;
  return Array.from({ length: quantity }, (_, i) => ({
    ...newTicket(payload, seatKey(purchase, i + 1)),
    ...(payload.quantity !== undefined ? { seat: i + 1, quantity } : {}),
  }));
}

function newTicket(payload: SendTicket, key: string): NewTicket {
  return {
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
    userId: payload.userId?.trim() || undefined,
    ticketTypeId: payload.ticketTypeId,
    ticketTypeName: payload.ticketTypeName,
    trace: currentTraceHeaders(),
  };
}
