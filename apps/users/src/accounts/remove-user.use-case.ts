import { Injectable } from '@nestjs/common';
import { isValidObjectId } from 'mongoose';
import type { AuthUser } from '@event-tickets/service-kit';
import { userNotFound, usersError } from './users.errors';
import { UsersRepository } from './users.repository';

/** Command: delete an account — the owner or an admin (the original let anyone). */
@Injectable()
export class RemoveUserUseCase {
  constructor(private readonly users: UsersRepository) {}

  async execute(command: { id: string; caller: AuthUser }): Promise<void> {
    if (!isValidObjectId(command.id) || !/^[0-9a-f]{24}$/i.test(command.id)) {
      throw usersError('INVALID_USER_ID', `invalid user id "${command.id}"`);
    }
    if (command.caller.role !== 'ADMIN' && command.caller.id !== command.id) {
      throw usersError('NOT_YOUR_ACCOUNT', 'you can only delete your own account');
    }
    if (!(await this.users.delete(command.id))) throw userNotFound(command.id);
  }
}
