import { Injectable } from '@nestjs/common';
import { AppConfig, RateLimiter, RateLimitStore } from '@event-tickets/service-kit';
import type { UsersEnv } from '../config/users.env';
import { usersError } from './users.errors';

/** Registrations per client address in a sliding window shared by every replica: each costs a bcrypt hash. */
@Injectable()
export class RegistrationRateLimiter {
  private readonly limiter: RateLimiter;

  constructor(store: RateLimitStore, config: AppConfig<UsersEnv>) {
    this.limiter = new RateLimiter(store, {
      name: 'registrations-client',
      limit: config.env.REGISTRATION_RATE_LIMIT_PER_CLIENT,
      windowSeconds: config.env.REGISTRATION_RATE_WINDOW_SECONDS,
    });
  }

  /** Counts this registration; 429 with the seconds to wait past the limit. */
  async hit(client: string): Promise<void> {
    const decision = await this.limiter.consume(client);
    if (!decision.allowed)
      throw usersError('TOO_MANY_ATTEMPTS', 'too many registrations from this address, try again later', {
        retryAfter: decision.retryAfterSeconds,
      });
  }
}
