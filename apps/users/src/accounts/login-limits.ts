import { Injectable } from '@nestjs/common';
import { AppConfig, FailureDelay, RateLimiter, RateLimitStore } from '@event-tickets/service-kit';
import type { UsersEnv } from '../config/users.env';
import { emailKey } from './user.schema';
import { usersError } from './users.errors';

/** An address's failures are forgotten this long after its last one (the delay itself is capped far lower). */
const FORGET_FAILURES_AFTER_SECONDS = 15 * 60;

/**
 * Login limits that stop guessing, not crowds (shared by every replica through the store):
 * - per client address, failed logins only (LOGIN_RATE_LIMIT_PER_CLIENT in LOGIN_RATE_WINDOW_SECONDS):
 *   a crowd behind one proxy or NAT logs in freely, a guesser spraying emails is stopped;
 * - per account and address, a growing delay after LOGIN_RATE_LIMIT_PER_EMAIL consecutive failures
 *   (1 s, doubling, at most LOGIN_DELAY_MAX_SECONDS), refused without checking the password, forgotten
 *   on success. Keyed by the address too, so a guesser elsewhere never delays the owner's login.
 * The client check comes before the attempt and the failure is counted after it, so attempts in
 * flight at once from one address may pass the limit by their number; per account they run one at a time.
 */
@Injectable()
export class LoginLimits {
  private readonly failuresPerClient: RateLimiter;
  private readonly delayPerAccount: FailureDelay;

  constructor(store: RateLimitStore, config: AppConfig<UsersEnv>) {
    const env = config.env;
    this.failuresPerClient = new RateLimiter(store, {
      name: 'login-failures-client',
      limit: env.LOGIN_RATE_LIMIT_PER_CLIENT,
      windowSeconds: env.LOGIN_RATE_WINDOW_SECONDS,
    });
    this.delayPerAccount = new FailureDelay(store, {
      name: 'login-delay',
      freeFailures: env.LOGIN_RATE_LIMIT_PER_EMAIL,
      firstDelaySeconds: 1,
      maxDelaySeconds: env.LOGIN_DELAY_MAX_SECONDS,
      forgetAfterSeconds: FORGET_FAILURES_AFTER_SECONDS,
    });
  }

  /**
   * Runs `login` (undefined: wrong email or password) within the limits; throws 429 with the seconds
   * to wait, without running it, when the address or the account must wait.
   */
  async attempt<T>(
    client: string,
    email: string,
    login: () => Promise<T | undefined>,
  ): Promise<T | undefined> {
    const perClient = await this.failuresPerClient.check(client);
    if (!perClient.allowed) throw tooManyAttempts(perClient.retryAfterSeconds);
    const attempted = await this.delayPerAccount.attempt(`${emailKey(email)}|${client}`, async () => {
      const value = await login();
      return { succeeded: value !== undefined, value };
    });
    if (!attempted.allowed) throw tooManyAttempts(attempted.retryAfterSeconds);
    if (attempted.value === undefined) await this.failuresPerClient.consume(client);
    return attempted.value;
  }
}

const tooManyAttempts = (retryAfter: number) =>
  usersError('TOO_MANY_ATTEMPTS', 'too many login attempts, try again later', { retryAfter });
