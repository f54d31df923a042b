import { Module } from '@nestjs/common';
import { PostgresHealthIndicator, postgresModule } from '@event-tickets/service-kit';
import { CreateEvents1732500000000 } from './migrations/1732500000000-create-events';

@Module({
  imports: [postgresModule({ entities: [], migrations: [CreateEvents1732500000000] })],
  providers: [PostgresHealthIndicator],
})
export class EventsModule {}
