import { Injectable } from '@nestjs/common';
import { sleep } from '@event-tickets/service-kit';
import { RevocationStore } from '../tokens/revocation.store';
import { type IssuedToken, TokenSigner } from '../tokens/token-signer';
import { LoginLimits } from './login-limits';
import { PasswordHasher } from './password-hasher';
import { INVALID_CREDENTIALS, usersError } from './users.errors';
import { UsersRepository } from './users.repository';

/**
 * Command: log in. Unknown email and wrong password are the same 401, in the same time; only such
 * failures count toward the login limits. A login within the second of a revocation of its account
 * (a password change, say) waits for the next second: its token's `iat`, rounded down, would
 * otherwise fall before the revocation's not-before and the new token be refused with the old.
 */
@Injectable()
export class GenerateTokenUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly signer: TokenSigner,
    private readonly limits: LoginLimits,
    private readonly revocations: RevocationStore,
  ) {}

  async execute(command: { email: string; password: string; client: string }): Promise<IssuedToken> {
    const token = await this.limits.attempt(command.client, command.email, async () => {
      const user = await this.users.findByEmail(command.email);
      const valid = user
        ? await this.hasher.verify(command.password, user.passwordHash)
        : await this.hasher.verifyNothing(command.password);
      if (!user || !valid) return undefined;
      const notBefore = await this.revocations.notBefore(user.id);
      if (notBefore !== undefined) await sleep(notBefore * 1000 - Date.now() + 5);
      return this.signer.sign({ id: user.id, email: user.email, role: user.role });
    });
    if (!token) throw usersError('INVALID_CREDENTIALS', INVALID_CREDENTIALS);
    return token;
  }
}
