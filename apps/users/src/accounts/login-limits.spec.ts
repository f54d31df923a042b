import { AppConfig, MemoryRateLimitStore } from '@event-tickets/service-kit';
import type { UsersEnv } from '../config/users.env';
import { LoginLimits } from './login-limits';

describe(LoginLimits.name, () => {
  const setup = () =>
    new LoginLimits(
      new MemoryRateLimitStore(),
      new AppConfig<UsersEnv>('users', {
        LOGIN_RATE_LIMIT_PER_CLIENT: 10,
        LOGIN_RATE_WINDOW_SECONDS: 300,
        LOGIN_RATE_LIMIT_PER_EMAIL: 3,
        LOGIN_DELAY_MAX_SECONDS: 60,
      } as UsersEnv),
    );
  const ok = async () => 'token';
  const wrong = async () => undefined;
  const proxy = '203.0.113.7';

  it('never counts a success: a crowd behind one address logs in', async () => {
    const limits = setup();
    for (let i = 0; i < 50; i += 1) expect(await limits.attempt(proxy, `buyer${i}@x.com`, ok)).toBe('token');
    for (let i = 0; i < 5; i += 1) expect(await limits.attempt(proxy, 'same@x.com', ok)).toBe('token');
  });

  it('counts failures per address across emails: 429 with Retry-After past the limit', async () => {
    const limits = setup();
    for (let i = 0; i < 10; i += 1)
      expect(await limits.attempt(proxy, `guess${i}@x.com`, wrong)).toBeUndefined();
    await expect(limits.attempt(proxy, 'next@x.com', ok)).rejects.toMatchObject({
      status: 429,
      code: 'TOO_MANY_ATTEMPTS',
      details: { retryAfter: 300 },
    });
    expect(await limits.attempt('198.51.100.1', 'next@x.com', ok)).toBe('token');
  });

  it('delays an account after its free failures from one address, without running the attempt', async () => {
    const limits = setup();
    for (let i = 0; i < 3; i += 1) await limits.attempt(proxy, 'admin@x.com', wrong);
    const login = jest.fn(ok);
    await expect(limits.attempt(proxy, 'Admin@X.com ', login)).rejects.toMatchObject({
      status: 429,
      details: { retryAfter: 1 },
    });
    expect(login).not.toHaveBeenCalled();
    // Another address is not delayed by those failures: nobody else can hold the owner back.
    expect(await limits.attempt('198.51.100.1', 'admin@x.com', ok)).toBe('token');
  });
});
