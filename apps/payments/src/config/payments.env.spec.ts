import { ConfigError, parseEnv } from '@event-tickets/service-kit';
import { paymentsEnv } from './payments.env';

describe('paymentsEnv', () => {
  const valid = {
    DB_HOST: 'db',
    DB_USER: 'u',
    DB_PASSWORD: 'p',
    KAFKA_BROKERS: 'k:9092',
    MAIL_HOST: 'smtp',
    JWT_PUBLIC_KEY: 'pem',
    INTERNAL_API_TOKEN: 'a-service-token-of-32-characters',
  };

  it('defaults to port 3002, a 600 s payment timeout (below the 900 s hold TTL) and the original groups', () => {
    const env = parseEnv(paymentsEnv, valid);
    expect(env.PORT).toBe(3002);
    expect(env.DB_NAME).toBe('payments');
    expect(env.EVENTS_URL).toBe('http://127.0.0.1:3001');
    expect(env.PAYMENT_TIMEOUT_SECONDS).toBe(600);
    expect(env.PAYMENT_TIMEOUT_SECONDS).toBeLessThan(900);
    expect(env.GATEWAY_LATENCY_MS).toBe(0);
    expect(env.HOLD_TTL_SECONDS).toBe(120);
    expect(env.EVENTS_MAX_IN_FLIGHT).toBe(64);
    expect(env.PURCHASE_RATE_LIMIT_PER_MINUTE).toBe(30);
    expect(env.KAFKA_GROUP_PREFIX).toBe('');
    expect(env.PAYMENT_FAILED_TOPIC).toBe('PAYMENT_FAILED_TOPIC');
  });

  it('requires the service token it calls events with, and names it', () => {
    expect(() => parseEnv(paymentsEnv, { ...valid, INTERNAL_API_TOKEN: undefined })).toThrow(ConfigError);
    expect(() => parseEnv(paymentsEnv, { ...valid, INTERNAL_API_TOKEN: undefined })).toThrow(
      /INTERNAL_API_TOKEN/,
    );
    expect(() => parseEnv(paymentsEnv, { ...valid, EVENTS_URL: 'not a url' })).toThrow(/EVENTS_URL/);
  });
});
