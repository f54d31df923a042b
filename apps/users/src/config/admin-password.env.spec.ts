import { parseEnv } from '@event-tickets/service-kit';
import { usersEnv } from './users.env';

const production = {
  NODE_ENV: 'production',
  MONGODB_URL: 'mongodb://db:27017',
  JWT_SECRET: 'a-shared-secret-of-32-characters!',
  ADMIN_EMAIL: 'admin@example.com',
};

describe('users configuration: the first admin', () => {
  it('refuses to start in production with an ADMIN_PASSWORD shorter than the password rule', () => {
    const refused = () => parseEnv(usersEnv, { ...production, ADMIN_PASSWORD: 'short12' });
    expect(refused).toThrow(/ADMIN_PASSWORD: must be at least 8 characters/);
    expect(refused).not.toThrow(/short12/);
    expect(() => parseEnv(usersEnv, { ...production })).toThrow(
      /ADMIN_PASSWORD: is required with ADMIN_EMAIL/,
    );
    expect(parseEnv(usersEnv, { ...production, ADMIN_PASSWORD: 'long-enough' }).ADMIN_PASSWORD).toBe(
      'long-enough',
    );
  });
});
