import { Injectable } from '@nestjs/common';
import { AppConfig, RateLimiter, RateLimitStore } from '@event-tickets/service-kit';
import type { UsersEnv } from '../config/users.env';
import { emailKey } from './user.schema';
import { usersError } from './users.errors';

/** Login attempts per client address and per email, in a sliding window shared by every replica. */
@Injectable()
export class LoginRateLimiter {
  private readonly perClient: RateLimiter;
  private readonly perEmail: RateLimiter;

  constructor(store: RateLimitStore, config: AppConfig<UsersEnv>) {
    const env = config.env;
    const windowSeconds = env.LOGIN_RATE_WINDOW_SECONDS;
    this.perClient = new RateLimiter(store, {
      name: 'login-client',
      limit: env.LOGIN_RATE_LIMIT_PER_CLIENT,
      windowSeconds,
    });
    this.perEmail = new RateLimiter(store, {
      name: 'login-email',
      limit: env.LOGIN_RATE_LIMIT_PER_EMAIL,
      windowSeconds,
    });
  }

  /** Counts this attempt against both limits; throws 429 (with the seconds to wait) when one is exceeded. */
  async hit(client: string, email: string): Promise<void> {
    const decisions = await Promise.all([
      this.perClient.consume(client),
      this.perEmail.consume(emailKey(email)),
    ]);
    const refused = decisions.find((decision) => !decision.allowed);
    if (refused)
      throw usersError('TOO_MANY_ATTEMPTS', 'too many login attempts, try again later', {
        retryAfter: refused.retryAfterSeconds,
      });
  }
}
