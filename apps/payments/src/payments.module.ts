import { Module } from '@nestjs/common';
import { KafkaModule, PostgresHealthIndicator, postgresModule } from '@event-tickets/service-kit';
import { CreatePayments1732500000000 } from './migrations/1732500000000-create-payments';

@Module({
  imports: [postgresModule({ entities: [], migrations: [CreatePayments1732500000000] }), KafkaModule],
  providers: [PostgresHealthIndicator],
})
export class PaymentsModule {}
