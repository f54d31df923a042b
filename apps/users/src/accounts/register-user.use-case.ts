import { Injectable } from '@nestjs/common';
import type { AuthUser, Role } from '@event-tickets/service-kit';
import { PasswordHasher } from './password-hasher';
import { RegistrationRateLimiter } from './registration-rate-limiter';
import { usersError } from './users.errors';
import { UsersRepository } from './users.repository';

export interface RegisterUser {
  email: string;
  password: string;
  role?: Role;
  /** The caller, when the request carried a valid token. */
  caller?: AuthUser;
  /** The caller's address key (`clientKey`), for the per-address limit. */
  client: string;
}

/**
 * Command: a new account. Only an admin may create an ADMIN or a STAFF account (door staff must not
 * be self-declared); everyone else gets PUBLIC. Registrations are limited per client address (an
 * admin's are not), before the password is hashed.
 */
@Injectable()
export class RegisterUserUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly limiter: RegistrationRateLimiter,
  ) {}

  async execute(command: RegisterUser): Promise<{ id: string; email: string; role: Role }> {
    const role = command.role ?? 'PUBLIC';
    if (role !== 'PUBLIC' && command.caller?.role !== 'ADMIN') {
      throw usersError(
        'ADMIN_REQUIRED',
        `only an admin can create ${role === 'ADMIN' ? 'an' : 'a'} ${role} account`,
      );
    }
    if (command.caller?.role !== 'ADMIN') await this.limiter.hit(command.client);
    const created = await this.users.create(command.email, await this.hasher.hash(command.password), role);
    if (!created) throw usersError('EMAIL_TAKEN', `User email ${command.email.trim()} already exists`);
    return { id: created.id, email: created.email, role: created.role };
  }
}
