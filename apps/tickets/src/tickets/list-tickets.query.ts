import { pageRequest } from '@event-tickets/service-kit';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@event-tickets/service-kit';
import { TicketsRepository } from '../store/tickets.repository';
import { listingScope } from './ticket-access';
import { toTicketResponse, type TicketResponse } from './ticket.response';

/** One buyer's tickets, newest first, a page at a time: the buyer's own account, or an admin (see listingScope). */
@Injectable()
export class ListTicketsQuery {
  constructor(private readonly tickets: TicketsRepository) {}

  async execute(input: {
    email: string;
    page?: unknown;
    size?: unknown;
    caller: AuthUser;
  }): Promise<{ items: TicketResponse[]; total: number }> {
    const { ownerId } = listingScope(input.caller, input.email);
    const { offset: skip, size } = pageRequest(input);
    const { items, total } = await this.tickets.listByEmail(input.email, skip, size, ownerId);
    return { items: items.map(toTicketResponse), total };
  }
}
