import { Injectable } from '@nestjs/common';
import * as bcrypt from 'bcrypt';
import { AppConfig, WorkSlots } from '@event-tickets/service-kit';
import type { UsersEnv } from '../config/users.env';
import { usersError } from './users.errors';

/**
 * bcrypt (cost 12 by default), always asynchronous: hashing runs on libuv's thread pool, so a login
 * storm never blocks the event loop (the original used hashSync/compareSync).
 *
 * New hashes (registrations, the first admin) take at most REGISTRATION_HASH_CONCURRENCY threads of
 * that pool (UV_THREADPOOL_SIZE, 4 by default); logins' comparisons are not queued here and get the
 * rest, so a registration storm cannot starve logins. Up to REGISTRATION_HASH_QUEUE registrations
 * wait their turn; past that the answer is 503 at once with a Retry-After, rather than a queue that
 * grows with the storm and answers after the client gave up.
 */
@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;
  private readonly slots: WorkSlots;
  /** A running estimate of one hash's duration, for Retry-After. */
  private hashMs = 250;

  constructor(private readonly config: AppConfig<UsersEnv>) {
    this.slots = new WorkSlots(config.env.REGISTRATION_HASH_CONCURRENCY, config.env.REGISTRATION_HASH_QUEUE);
  }

  async hash(password: string): Promise<string> {
    if (this.slots.full) {
      const drainSeconds = (this.slots.load / this.slots.concurrency) * (this.hashMs / 1000);
      throw usersError('TOO_BUSY', 'too many registrations at once, try again shortly', {
        retryAfter: Math.max(1, Math.ceil(drainSeconds)),
      });
    }
    return this.slots.run(async () => {
      const started = Date.now();
      const hashed = await bcrypt.hash(password, this.config.env.BCRYPT_COST);
      this.hashMs = 0.8 * this.hashMs + 0.2 * (Date.now() - started);
      return hashed;
    });
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
