import { Injectable } from '@nestjs/common';
import type { AuthUser, Role } from '@event-tickets/service-kit';
import { userNotFound } from './users.errors';
import { UsersRepository } from './users.repository';

/** Query: the caller's account as stored now. */
@Injectable()
export class GetMeQuery {
  constructor(private readonly users: UsersRepository) {}

  async execute(caller: AuthUser): Promise<{ id: string; email: string; role: Role }> {
    const user = await this.users.findById(caller.id);
    if (!user) throw userNotFound(caller.id);
    return { id: user.id, email: user.email, role: user.role };
  }
}
