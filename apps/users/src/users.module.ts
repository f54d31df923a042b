import { Module } from '@nestjs/common';
import { MongoHealthIndicator, mongoModule } from '@event-tickets/service-kit';
import { AccountsModule } from './accounts/accounts.module';
import { JwksController } from './tokens/jwks.controller';
import { RevocationsModule } from './tokens/revocations.module';

@Module({
  imports: [mongoModule(), RevocationsModule, AccountsModule],
  controllers: [JwksController],
  providers: [MongoHealthIndicator],
})
export class UsersModule {}
