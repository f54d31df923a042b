import { Module } from '@nestjs/common';
import { ClientsController } from './clients.controller';
import { ClientsRepository } from './clients.repository';
import { CreateClientUseCase } from './create-client.use-case';
import { GetClientQuery } from './get-client.query';
import { ListClientsQuery } from './list-clients.query';

/** The clients HTTP API and the `clients` table (its repository is shared with purchases). */
@Module({
  controllers: [ClientsController],
  providers: [ClientsRepository, CreateClientUseCase, GetClientQuery, ListClientsQuery],
  exports: [ClientsRepository],
})
export class ClientsApiModule {}
