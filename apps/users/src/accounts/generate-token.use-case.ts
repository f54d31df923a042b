import { Injectable } from '@nestjs/common';
import { type IssuedToken, TokenSigner } from '../tokens/token-signer';
import { LoginRateLimiter } from './login-rate-limiter';
import { PasswordHasher } from './password-hasher';
import { INVALID_CREDENTIALS, usersError } from './users.errors';
import { UsersRepository } from './users.repository';

/** Command: log in. Unknown email and wrong password are the same 401, in the same time. */
@Injectable()
export class GenerateTokenUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly signer: TokenSigner,
    private readonly limiter: LoginRateLimiter,
  ) {}

  async execute(command: { email: string; password: string; client: string }): Promise<IssuedToken> {
    await this.limiter.hit(command.client, command.email);
    const user = await this.users.findByEmail(command.email);
    const valid = user
      ? await this.hasher.verify(command.password, user.passwordHash)
      : await this.hasher.verifyNothing(command.password);
    if (!user || !valid) throw usersError('INVALID_CREDENTIALS', INVALID_CREDENTIALS);
    return this.signer.sign({ id: user.id, email: user.email, role: user.role });
  }
}
