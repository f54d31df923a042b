import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Collection, Connection } from 'mongoose';
import { AppConfig } from '@event-tickets/service-kit';
import type { UsersEnv } from '../config/users.env';
import { emailKey } from './user.schema';
import { usersError } from './users.errors';

interface Attempt {
  key: string;
  at: Date;
}

/**
 * Sliding-window login limits per client address and per email, kept in MongoDB so every replica
 * shares them. One document per attempt, then a count: an insert is atomic on the Mongo-wire server
 * of the local stack, whereas concurrent `$inc` updates lose counts there. Old attempts are deleted
 * by a sweep (no TTL indexes there either).
 */
@Injectable()
export class LoginRateLimiter implements OnModuleInit, OnModuleDestroy {
  private readonly attempts: Collection<Attempt>;
  private sweeper?: NodeJS.Timeout;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly config: AppConfig<UsersEnv>,
  ) {
    this.attempts = connection.collection<Attempt>('login_attempts');
  }

  async onModuleInit() {
    await this.attempts.createIndex({ key: 1, at: 1 });
    const windowMs = this.config.env.LOGIN_RATE_WINDOW_SECONDS * 1000;
    this.sweeper = setInterval(
      () =>
        void this.attempts
          .deleteMany({ at: { $lt: new Date(Date.now() - windowMs) } })
          .catch(() => undefined),
      60_000,
    );
    this.sweeper.unref();
  }

  onModuleDestroy() {
    clearInterval(this.sweeper);
  }

  /** Records this attempt; throws 429 (with the seconds to wait) when a limit is exceeded. */
  async hit(client: string, email: string): Promise<void> {
    const env = this.config.env;
    const windowMs = env.LOGIN_RATE_WINDOW_SECONDS * 1000;
    const now = new Date();
    const since = new Date(now.getTime() - windowMs);
    const checks: [string, number][] = [
      [`client:${client}`, env.LOGIN_RATE_LIMIT_PER_CLIENT],
      [`email:${emailKey(email)}`, env.LOGIN_RATE_LIMIT_PER_EMAIL],
    ];
    await this.attempts.insertMany(checks.map(([key]) => ({ key, at: now })));
    for (const [key, limit] of checks) {
      const count = await this.attempts.countDocuments({ key, at: { $gt: since } });
      if (count > limit) {
        // The window frees a place when the oldest counted attempt leaves it.
        const oldest = await this.attempts
          .find({ key, at: { $gt: since } })
          .sort({ at: 1 })
          .limit(1)
          .next();
        const retryAfter = Math.max(
          1,
          Math.ceil(((oldest?.at.getTime() ?? now.getTime()) + windowMs - now.getTime()) / 1000),
        );
        throw usersError('TOO_MANY_ATTEMPTS', 'too many login attempts, try again later', { retryAfter });
      }
    }
  }
}
