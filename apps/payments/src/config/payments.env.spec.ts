import { randomBytes } from 'node:crypto';
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
    PAYMENT_TOKEN_KEYS: `k1=${randomBytes(32).toString('base64')}`,
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

  it('requires the payment-token key ring, and says what it is without echoing a bad one', () => {
    expect(parseEnv(paymentsEnv, valid).PAYMENT_TOKEN_KEYS.kids).toEqual(['k1']);
    expect(() => parseEnv(paymentsEnv, { ...valid, PAYMENT_TOKEN_KEYS: undefined })).toThrow(
      /PAYMENT_TOKEN_KEYS: is required \(or PAYMENT_TOKEN_KEYS_FILE\)/,
    );
    const bad = 'k1=c2hvcnQta2V5';
    expect(() => parseEnv(paymentsEnv, { ...valid, PAYMENT_TOKEN_KEYS: bad })).toThrow(/must be 32 bytes/);
    expect(() => parseEnv(paymentsEnv, { ...valid, PAYMENT_TOKEN_KEYS: bad })).not.toThrow(/c2hvcnQta2V5/);
  });

  it('runs the simulated gateway by default outside production; production must choose it explicitly', () => {
    expect(parseEnv(paymentsEnv, valid).PAYMENT_GATEWAY).toBe('simulated');
    expect(parseEnv(paymentsEnv, { ...valid, NODE_ENV: 'test' }).PAYMENT_GATEWAY).toBe('simulated');
    expect(() => parseEnv(paymentsEnv, { ...valid, NODE_ENV: 'production' })).toThrow(
      /PAYMENT_GATEWAY: is required in production: the only gateway is "simulated", which approves every even-length token/,
    );
    const chosen = parseEnv(paymentsEnv, { ...valid, NODE_ENV: 'production', PAYMENT_GATEWAY: 'simulated' });
    expect(chosen.PAYMENT_GATEWAY).toBe('simulated');
    expect(() => parseEnv(paymentsEnv, { ...valid, PAYMENT_GATEWAY: 'stripe' })).toThrow(/PAYMENT_GATEWAY/);
  });
});
