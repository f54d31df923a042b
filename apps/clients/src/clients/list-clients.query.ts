import { pageInfo, pageRequest, type PageInfo } from '@event-tickets/service-kit';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@event-tickets/service-kit';
import { toClientView, type ClientView } from './client.record';
import { adminRequired } from './clients.errors';
import { ClientsRepository } from './clients.repository';

/** Query (GET /clients, admin): a page of clients, newest first, paginated as events. */
@Injectable()
export class ListClientsQuery {
  constructor(private readonly clients: ClientsRepository) {}

  async execute(
    query: { page?: unknown; size?: unknown },
    caller: AuthUser,
  ): Promise<{ clients: ClientView[]; pagination: PageInfo }> {
    if (caller.role !== 'ADMIN') throw adminRequired();
    const request = pageRequest(query);
    const { rows, total } = await this.clients.page(request.offset, request.size);
    return { clients: rows.map(toClientView), pagination: pageInfo(request, total) };
  }
}
