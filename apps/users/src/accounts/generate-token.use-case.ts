import { Injectable } from '@nestjs/common';
import { type IssuedToken, TokenSigner } from '../tokens/token-signer';
import { LoginLimits } from './login-limits';
import { PasswordHasher } from './password-hasher';
import { INVALID_CREDENTIALS, usersError } from './users.errors';
import { UsersRepository } from './users.repository';

/**
 * Command: log in. Unknown email and wrong password are the same 401, in the same time; only such
 * failures count toward the login limits.
 */
@Injectable()
export class GenerateTokenUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly signer: TokenSigner,
    private readonly limits: LoginLimits,
  ) {}

  async execute(command: { email: string; password: string; client: string }): Promise<IssuedToken> {
    const token = await this.limits.attempt(command.client, command.email, async () => {
      const user = await this.users.findByEmail(command.email);
      const valid = user
        ? await this.hasher.verify(command.password, user.passwordHash)
        : await this.hasher.verifyNothing(command.password);
      return user && valid
        ? this.signer.sign({ id: user.id, email: user.email, role: user.role })
        : undefined;
    });
    if (!token) throw usersError('INVALID_CREDENTIALS', INVALID_CREDENTIALS);
    return token;
  }
}
