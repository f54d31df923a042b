import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@event-tickets/service-kit';
import { mayReadClient } from './client-access';
import { toClientView, type ClientView } from './client.record';
import { sameEmail } from './client-rules';
import { clientNotFound, clientsError } from './clients.errors';
import { ClientsRepository } from './clients.repository';

const notYourClient = () =>
  clientsError('NOT_YOUR_CLIENT', 'only the account that bought as this client or an admin can read it');

/**
 * Query (GET /clients?email=): one client, for the account it belongs to or an admin. Another email
 * than the token's is refused before the lookup, so a buyer cannot probe which emails are clients.
 */
@Injectable()
export class GetClientQuery {
  constructor(private readonly clients: ClientsRepository) {}

  async execute(email: string, caller: AuthUser): Promise<ClientView> {
    if (caller.role !== 'ADMIN' && !sameEmail(caller.email, email)) throw notYourClient();
    const row = email.trim() ? await this.clients.findByEmail(email) : undefined;
    if (!row) throw clientNotFound();
    if (!mayReadClient(row, caller)) throw notYourClient();
    return toClientView(row);
  }
}
