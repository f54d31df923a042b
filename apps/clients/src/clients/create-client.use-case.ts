import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@event-tickets/service-kit';
import { clientCreatedMessage } from './client-created.message';
import { toClientView, type ClientView } from './client.record';
import type { NewClient } from './client-rules';
import { clientExists } from './clients.errors';
import { clientMetrics } from './clients.metrics';
import { ClientsRepository } from './clients.repository';

/**
 * Command (POST /clients): a client, and CLIENT_CREATED in the same transaction (the original
 * dispatched it too). A second client for an email in any case is a 409, not the original's 500.
 */
@Injectable()
export class CreateClientUseCase {
  constructor(
    private readonly clients: ClientsRepository,
    private readonly uow: UnitOfWork,
  ) {}

  async execute(input: NewClient): Promise<ClientView> {
    const created = await this.uow.run(async (tx) => {
      const row = await this.clients.insertIfAbsent(tx, input.name, input.email);
      if (row) await tx.publish(clientCreatedMessage(row));
      return row;
    });
    if (!created) throw clientExists();
    clientMetrics.created.inc({ source: 'api' });
    return toClientView(created);
  }
}
