import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Collection, Connection } from 'mongoose';
import { AppConfig } from '@event-tickets/service-kit';
import type { UsersEnv } from '../config/users.env';
import { emailKey } from './user.schema';
import { usersError } from './users.errors';

interface Window {
  _id: string;
  count: number;
  expiresAt: Date;
}

/**
 * Fixed-window login limits per client address and per email, counted in MongoDB so that every
 * replica shares them. Expired windows are deleted by a sweep (the Mongo-wire server of the local
 * stack has no TTL indexes).
 */
@Injectable()
export class LoginRateLimiter implements OnModuleInit, OnModuleDestroy {
  private readonly windows: Collection<Window>;
  private sweeper?: NodeJS.Timeout;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly config: AppConfig<UsersEnv>,
  ) {
    this.windows = connection.collection<Window>('login_rate_windows');
  }

  onModuleInit() {
    this.sweeper = setInterval(() => void this.windows.deleteMany({ expiresAt: { $lt: new Date() } }).catch(() => undefined), 60_000);
    this.sweeper.unref();
  }

  onModuleDestroy() {
    clearInterval(this.sweeper);
  }

  /** Counts this attempt; throws 429 (with the seconds to wait) when a limit is exceeded. */
  async hit(client: string, email: string): Promise<void> {
    const env = this.config.env;
    const windowMs = env.LOGIN_RATE_WINDOW_SECONDS * 1000;
    const start = Math.floor(Date.now() / windowMs) * windowMs;
    const expiresAt = new Date(start + windowMs);
    const checks: [string, number][] = [
      [`client:${client}:${start}`, env.LOGIN_RATE_LIMIT_PER_CLIENT],
      [`email:${emailKey(email)}:${start}`, env.LOGIN_RATE_LIMIT_PER_EMAIL],
    ];
    for (const [id, limit] of checks) {
      const window = await this.windows.findOneAndUpdate(
        { _id: id },
        { $inc: { count: 1 }, $setOnInsert: { expiresAt } },
        { upsert: true, returnDocument: 'after' },
      );
      if ((window?.count ?? 0) > limit) {
        const retryAfter = Math.max(1, Math.ceil((expiresAt.getTime() - Date.now()) / 1000));
        throw usersError('TOO_MANY_ATTEMPTS', 'too many login attempts, try again later', { retryAfter });
      }
    }
  }
}
