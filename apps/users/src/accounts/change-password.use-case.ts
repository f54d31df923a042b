import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@event-tickets/service-kit';
import { TokenRevoker } from '../tokens/token-revoker';
import { LoginLimits } from './login-limits';
import { PasswordHasher } from './password-hasher';
import { userNotFound, usersError } from './users.errors';
import { UsersRepository } from './users.repository';

/**
 * Command: the caller changes their own password, proving the current one. A wrong current password
 * counts toward the login limits (it is a password guess like a failed login). Every token of the
 * account issued until now is revoked, the caller's included: the caller logs in again.
 */
@Injectable()
export class ChangePasswordUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly limits: LoginLimits,
    private readonly revoker: TokenRevoker,
  ) {}

  async execute(command: {
    caller: AuthUser;
    currentPassword: string;
    newPassword: string;
    client: string;
  }): Promise<void> {
    const user = await this.users.findById(command.caller.id);
    if (!user) throw userNotFound(command.caller.id);
    const proven = await this.limits.attempt(command.client, user.email, async () =>
      (await this.hasher.verify(command.currentPassword, user.passwordHash)) ? true : undefined,
    );
    if (!proven) throw usersError('WRONG_PASSWORD', 'current password is incorrect');
    const changed = await this.users.setPasswordHash(user.id, await this.hasher.hash(command.newPassword));
    if (!changed) throw userNotFound(user.id);
    await this.revoker.revoke(user.id);
  }
}
