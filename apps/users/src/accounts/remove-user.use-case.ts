import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@event-tickets/service-kit';
import { TokenRevoker } from '../tokens/token-revoker';
import { checkUserId, userNotFound, usersError } from './users.errors';
import { UsersRepository } from './users.repository';

/**
 * Command: delete an account — the owner or an admin (the original let anyone) — and end its tokens.
 * The last admin cannot be deleted: nobody could then manage accounts and roles.
 */
@Injectable()
export class RemoveUserUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly revoker: TokenRevoker,
  ) {}

  async execute(command: { id: string; caller: AuthUser }): Promise<void> {
    checkUserId(command.id);
    if (command.caller.role !== 'ADMIN' && command.caller.id !== command.id) {
      throw usersError('NOT_YOUR_ACCOUNT', 'you can only delete your own account');
    }
    const target = await this.users.findById(command.id);
    if (target?.role === 'ADMIN' && (await this.users.countAdmins()) <= 1)
      throw usersError('LAST_ADMIN', 'the last admin cannot be deleted');
    const deleted = await this.users.delete(command.id);
    // Also when already gone: a retry after a failed revocation must still revoke.
    await this.revoker.revoke(command.id);
    if (!deleted) throw userNotFound(command.id);
  }
}
