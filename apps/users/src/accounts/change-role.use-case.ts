import { Injectable } from '@nestjs/common';
import type { Role } from '@event-tickets/service-kit';
import { TokenRevoker } from '../tokens/token-revoker';
import { checkUserId, userNotFound, usersError } from './users.errors';
import { UsersRepository } from './users.repository';

/**
 * Command (admins only, by the route): give an account a role and end its earlier tokens, whose
 * claims carry the old role. The last admin cannot be demoted: nobody could then manage roles.
 * Tokens are revoked even when the role was already that one, so that a retry after a failed
 * revocation still revokes.
 */
@Injectable()
export class ChangeRoleUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly revoker: TokenRevoker,
  ) {}

  async execute(command: { id: string; role: Role }): Promise<{ id: string; email: string; role: Role }> {
    checkUserId(command.id);
    const before = await this.users.findById(command.id);
    if (!before) throw userNotFound(command.id);
    if (before.role === 'ADMIN' && command.role !== 'ADMIN' && (await this.users.countAdmins()) <= 1)
      throw lastAdmin();
    const after = await this.users.setRole(command.id, command.role);
    if (!after) throw userNotFound(command.id);
    // Two admins demoting each other at once both passed the count: whoever finds none left undoes it.
    if (before.role === 'ADMIN' && command.role !== 'ADMIN' && (await this.users.countAdmins()) === 0) {
      await this.users.setRole(command.id, 'ADMIN');
      throw lastAdmin();
    }
    await this.revoker.revoke(command.id);
    return { id: after.id, email: after.email, role: after.role };
  }
}

const lastAdmin = () => usersError('LAST_ADMIN', 'the last admin cannot be demoted');
