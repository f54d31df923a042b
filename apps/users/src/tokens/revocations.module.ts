import { Global, Module } from '@nestjs/common';
import { RevocationSource } from '@event-tickets/service-kit';
import { RevocationStore } from './revocation.store';
import { RevocationsController } from './revocations.controller';
import { TokenRevoker } from './token-revoker';

/**
 * Global so that the kit's verifier finds users' own source: users reads its store directly instead
 * of polling itself over HTTP (the one list, the one loop, as in every other app).
 */
@Global()
@Module({
  controllers: [RevocationsController],
  providers: [RevocationStore, TokenRevoker, { provide: RevocationSource, useExisting: RevocationStore }],
  exports: [RevocationStore, TokenRevoker, RevocationSource],
})
export class RevocationsModule {}
