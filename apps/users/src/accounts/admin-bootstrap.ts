import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@event-tickets/service-kit';
import type { UsersEnv } from '../config/users.env';
import { PasswordHasher } from './password-hasher';
import { UsersRepository } from './users.repository';

/**
 * The first admin comes from configuration (ADMIN_EMAIL, ADMIN_PASSWORD or ADMIN_PASSWORD_FILE),
 * created at start-up when absent. An existing non-admin account with that email is NOT promoted:
 * whoever registered it first would otherwise become admin.
 */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrap.name);

  constructor(
    private readonly config: AppConfig<UsersEnv>,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async onApplicationBootstrap() {
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = this.config.env;
    if (!email || !password) return;
    const existing = await this.users.findByEmail(email);
    if (existing) {
      if (existing.role !== 'ADMIN')
        this.logger.error(
          { userId: existing.id },
          'ADMIN_EMAIL belongs to a non-admin account: not promoted',
        );
      return;
    }
    const created = await this.users.create(email, await this.hasher.hash(password), 'ADMIN');
    if (created) this.logger.log({ userId: created.id }, 'first admin created from ADMIN_EMAIL');
  }
}
