import { Injectable } from '@nestjs/common';
import { AppConfig, type AuthUser } from '@event-tickets/service-kit';
import type { TicketsEnv } from '../config/tickets.env';
import { TicketMailWorker } from '../delivery/ticket-mail.worker';
import { TicketsRepository } from '../store/tickets.repository';
import { assertMayManage } from './ticket-access';
import { toTicketResponse, type TicketResponse } from './ticket.response';
import { resendTooSoon, ticketNotFound, ticketVoided } from './tickets.errors';

/**
 * Sends the same ticket (same passport) by email again, through the durable mail queue. While an
 * email of the ticket is still pending nothing more is queued; resends are at least
 * TICKET_RESEND_COOLDOWN_SECONDS apart.
 */
@Injectable()
export class ResendTicketUseCase {
  constructor(
    private readonly tickets: TicketsRepository,
    private readonly mail: TicketMailWorker,
    private readonly config: AppConfig<TicketsEnv>,
  ) {}

  async execute(input: { passport: string; caller: AuthUser }): Promise<TicketResponse> {
    const ticket = await this.tickets.findByPassport(input.passport);
    if (!ticket) throw ticketNotFound();
    assertMayManage(input.caller, ticket);
    if (ticket.voidedAt) throw ticketVoided(ticket.voidedAt);
    if (ticket.mail.status === 'PENDING') return toTicketResponse(ticket);
    const now = new Date();
    const cooldownMs = this.config.env.TICKET_RESEND_COOLDOWN_SECONDS * 1000;
    const last = ticket.mail.resendRequestedAt?.getTime();
    if (last !== undefined && now.getTime() - last < cooldownMs)
      throw resendTooSoon(Math.ceil((last + cooldownMs - now.getTime()) / 1000));
    await this.tickets.requestResend(ticket, now);
    this.mail.kick();
    return toTicketResponse({ ...ticket, mail: { ...ticket.mail, status: 'PENDING' } });
  }
}
