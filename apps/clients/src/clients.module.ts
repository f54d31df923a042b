import { Module } from '@nestjs/common';
import { Clients } from '@event-tickets/contracts';
import {
  AddOutboxParking1732400000020,
  CreateMessagingTables1732400000000,
  MessagingModule,
  PostgresHealthIndicator,
  postgresModule,
} from '@event-tickets/service-kit';
import { ClientsApiModule } from './clients/clients-api.module';
import { HealthcheckController } from './healthcheck.controller';
import { CreateClients1732500000000 } from './migrations/1732500000000-create-clients';
import { AddClientOwner1732500000001 } from './migrations/1732500000001-add-client-owner';
import { KeepCaseDuplicateClients1732500000002 } from './migrations/1732500000002-keep-case-duplicate-clients';
import { PurchasesModule } from './purchases/purchases.module';

/** Schema changes only by these migrations (run at start-up), never `synchronize`. */
export const CLIENTS_MIGRATIONS = [
  CreateMessagingTables1732400000000,
  AddOutboxParking1732400000020,
  CreateClients1732500000000,
  AddClientOwner1732500000001,
  KeepCaseDuplicateClients1732500000002,
];

@Module({
  imports: [
    postgresModule({ migrations: CLIENTS_MIGRATIONS }),
    MessagingModule.forPostgres({ produces: [Clients.ClientCreatedV1, Clients.SendTicketV1] }),
    ClientsApiModule,
    PurchasesModule,
  ],
  controllers: [HealthcheckController],
  providers: [PostgresHealthIndicator],
})
export class ClientsModule {}
