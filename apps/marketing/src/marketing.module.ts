import { Module } from '@nestjs/common';
import { KafkaModule, MongoHealthIndicator, mongoModule } from '@event-tickets/service-kit';

@Module({
  imports: [mongoModule(), KafkaModule],
  providers: [MongoHealthIndicator],
})
export class MarketingModule {}
