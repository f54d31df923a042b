import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, parseEnv } from '@event-tickets/service-kit';
import { usersEnv } from './users.env';

const privateKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const valid = { MONGODB_URL: 'mongodb://127.0.0.1:27017', JWT_PRIVATE_KEY: privateKey };
const problems = (env: Record<string, string>) => {
  try {
    parseEnv(usersEnv, { ...valid, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
};

describe('users env', () => {
  it('caps JWT_EXPIRES_IN at 24 hours', () => {
    expect(parseEnv(usersEnv, { ...valid, JWT_EXPIRES_IN: '24h' }).JWT_EXPIRES_IN).toBe(86400);
    expect(parseEnv(usersEnv, { ...valid, JWT_EXPIRES_IN: '86400' }).JWT_EXPIRES_IN).toBe(86400);
    expect(problems({ JWT_EXPIRES_IN: '86401' })).toContain(
      'JWT_EXPIRES_IN: must be at most 86400 seconds (24h)',
    );
    expect(problems({ JWT_EXPIRES_IN: '7d' })).toContain('JWT_EXPIRES_IN: must be at most 86400 seconds');
  });

  it('refuses a BCRYPT_COST below 10 in production only', () => {
    expect(parseEnv(usersEnv, { ...valid, BCRYPT_COST: '4' }).BCRYPT_COST).toBe(4);
    expect(parseEnv(usersEnv, { ...valid, BCRYPT_COST: '4', NODE_ENV: 'test' }).BCRYPT_COST).toBe(4);
    expect(problems({ BCRYPT_COST: '9', NODE_ENV: 'production' })).toContain(
      'BCRYPT_COST: must be at least 10 in production',
    );
    expect(parseEnv(usersEnv, { ...valid, BCRYPT_COST: '10', NODE_ENV: 'production' }).BCRYPT_COST).toBe(10);
    expect(parseEnv(usersEnv, { ...valid, NODE_ENV: 'production' }).BCRYPT_COST).toBe(12);
  });

  it('issues and expects iss and aud by default', () => {
    const env = parseEnv(usersEnv, valid);
    expect(env.JWT_ISSUER).toBe('event-tickets-users');
    expect(env.JWT_AUDIENCE).toBe('event-tickets');
  });
});
