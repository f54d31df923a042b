import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { RateLimitModule } from '@event-tickets/service-kit';
import { ClientCreatedConsumer } from './client-created.consumer';
import { ConvertLeadUseCase } from './convert-lead.use-case';
import { CreateLeadUseCase } from './create-lead.use-case';
import { EraseLeadUseCase } from './erase-lead.use-case';
import { GetLeadQuery } from './get-lead.query';
import { LeadIndexes } from './lead-indexes';
import { LeadRateLimiter } from './lead-rate-limiter';
import { LeadStatsQuery } from './lead-stats.query';
import { Lead, LeadSchema } from './lead.schema';
import { LeadsController } from './leads.controller';
import { LeadsRepository } from './leads.repository';
import { ListLeadsQuery } from './list-leads.query';

@Module({
  imports: [MongooseModule.forFeature([{ name: Lead.name, schema: LeadSchema }]), RateLimitModule.forMongo()],
  controllers: [LeadsController],
  providers: [
    LeadIndexes,
    LeadsRepository,
    LeadRateLimiter,
    CreateLeadUseCase,
    ConvertLeadUseCase,
    EraseLeadUseCase,
    GetLeadQuery,
    ListLeadsQuery,
    LeadStatsQuery,
    ClientCreatedConsumer,
  ],
})
export class LeadsModule {}
