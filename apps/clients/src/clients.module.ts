import { Module } from '@nestjs/common';
import { KafkaModule, PostgresHealthIndicator, postgresModule } from '@event-tickets/service-kit';
import { CreateClients1732500000000 } from './migrations/1732500000000-create-clients';

@Module({
  imports: [postgresModule({ entities: [], migrations: [CreateClients1732500000000] }), KafkaModule],
  providers: [PostgresHealthIndicator],
})
export class ClientsModule {}
