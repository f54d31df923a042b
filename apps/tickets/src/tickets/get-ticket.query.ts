import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@event-tickets/service-kit';
import { TicketsRepository } from '../store/tickets.repository';
import { assertMayAccess } from './ticket-access';
import { toTicketResponse, type TicketResponse } from './ticket.response';
import { ticketNotFound } from './tickets.errors';

/** One ticket by its passport: the owning account or an admin. */
@Injectable()
export class GetTicketQuery {
  constructor(private readonly tickets: TicketsRepository) {}

  async execute(input: { passport: string; caller: AuthUser }): Promise<TicketResponse> {
    const ticket = await this.tickets.findByPassport(input.passport);
    if (!ticket) throw ticketNotFound();
    assertMayAccess(input.caller, ticket);
    return toTicketResponse(ticket);
  }
}
