import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@event-tickets/service-kit';
import { toClientView, type ClientView } from './client.record';
import { sameEmail } from './client-rules';
import { clientNotFound, clientsError } from './clients.errors';
import { ClientsRepository } from './clients.repository';

/** Query (GET /clients?email=): one client, for that client themself (the token's email) or an admin. */
@Injectable()
export class GetClientQuery {
  constructor(private readonly clients: ClientsRepository) {}

  async execute(email: string, caller: AuthUser): Promise<ClientView> {
    if (caller.role !== 'ADMIN' && !sameEmail(caller.email, email)) {
      throw clientsError('NOT_YOUR_CLIENT', 'only the client themself or an admin can read a client');
    }
    const row = email.trim() ? await this.clients.findByEmail(email) : undefined;
    if (!row) throw clientNotFound();
    return toClientView(row);
  }
}
