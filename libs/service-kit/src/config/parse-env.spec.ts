import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseEnv, composeEnv, kafkaEnv, postgresEnv } from './env.fragments';
import { ConfigError, parseEnv } from './parse-env';

const schema = composeEnv(baseEnv(3002).merge(postgresEnv('payments')), kafkaEnv('payments'));

describe(parseEnv.name, () => {
  const valid = { DB_HOST: 'db', DB_USER: 'u', DB_PASSWORD: 'p', KAFKA_BROKERS: 'k1:9092, k2:9092' };

  it('applies defaults and the original variable forms', () => {
    const env = parseEnv(schema, { ...valid, PORT: ':3000' });
    expect(env.PORT).toBe(3000);
    expect(env.DB_NAME).toBe('payments');
    expect(env.kafkaBrokers).toEqual(['k1:9092', 'k2:9092']);
    expect(env.PAYMENT_SUCCEEDED_TOPIC).toBe('PAYMENT_SUCCEEDED_TOPIC');
    expect(
      parseEnv(schema, { ...valid, KAFKA_BROKERS: undefined, KAFKA_BROKER: 'solo:9092' }).kafkaBrokers,
    ).toEqual(['solo:9092']);
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      parseEnv(schema, { PORT: 'abc', DB_PASSWORD: 'secret' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['PORT', 'DB_HOST', 'DB_USER', 'KAFKA_BROKERS']) expect(message).toContain(name);
    expect(message).toContain('(got "abc")');
    expect(message).not.toContain('secret');
  });

  it('reads secrets from *_FILE variables', () => {
    const dir = mkdtempSync(join(tmpdir(), 'env-'));
    writeFileSync(join(dir, 'pw'), 's3cret\n');
    const env = parseEnv(schema, { ...valid, DB_PASSWORD: undefined, DB_PASSWORD_FILE: join(dir, 'pw') });
    expect(env.DB_PASSWORD).toBe('s3cret');
    expect(() =>
      parseEnv(schema, { ...valid, DB_PASSWORD: undefined, DB_PASSWORD_FILE: join(dir, 'missing') }),
    ).toThrow(/DB_PASSWORD_FILE: cannot read/);
  });
});
