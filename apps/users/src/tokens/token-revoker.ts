import { Injectable } from '@nestjs/common';
import { TokenRevocations } from '@event-tickets/service-kit';
import { RevocationStore } from './revocation.store';

/**
 * Ends an account's tokens issued until now: recorded for every verifier (each app polls within
 * TOKEN_REVOCATIONS_POLL_MS) and enforced by this process at once.
 */
@Injectable()
export class TokenRevoker {
  constructor(
    private readonly store: RevocationStore,
    private readonly enforced: TokenRevocations,
  ) {}

  async revoke(userId: string): Promise<void> {
    this.enforced.add(await this.store.revoke(userId));
  }
}
