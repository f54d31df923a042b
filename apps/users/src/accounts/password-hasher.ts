import { Injectable } from '@nestjs/common';
import * as bcrypt from 'bcrypt';
import { AppConfig } from '@event-tickets/service-kit';
import type { UsersEnv } from '../config/users.env';

/**
 * bcrypt (cost 12 by default), always asynchronous: hashing runs on libuv's thread pool, so a login
 * storm never blocks the event loop (the original used hashSync/compareSync).
 */
@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;

  constructor(private readonly config: AppConfig<UsersEnv>) {}

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.config.env.BCRYPT_COST);
  }

  verify(password: string, hash: string): Promise<boolean> {
    return bcrypt.compare(password, hash);
  }

  /** Spends the same time as a real comparison, so an unknown email is not faster to reject. */
  async verifyNothing(password: string): Promise<false> {
    this.dummyHash ??= bcrypt.hash('timing-equaliser', this.config.env.BCRYPT_COST);
    await bcrypt.compare(password, await this.dummyHash);
    return false;
  }
}
