import { Module } from '@nestjs/common';
import { MessagingModule, MongoHealthIndicator, mongoModule } from '@event-tickets/service-kit';
import { LeadsModule } from './leads/leads.module';

@Module({
  imports: [mongoModule(), MessagingModule.forMongo(), LeadsModule],
  providers: [MongoHealthIndicator],
})
export class MarketingModule {}
