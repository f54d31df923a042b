import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mongoCredentials } from '../database/mongo';
import { baseEnv, composeEnv, kafkaEnv, mongoEnv, postgresEnv } from './env.fragments';
import { ConfigError, parseEnv, redactCredentials } from './parse-env';

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

  it('never echoes the credentials of a URL it complains about', () => {
    const mongo = composeEnv(baseEnv(3000).merge(mongoEnv('users')));
    for (const url of ['mongo://app:hunter2@db:27017/users', 'mongo://app:hun@ter2@db:27017']) {
      let error: unknown;
      try {
        parseEnv(mongo, { MONGODB_URL: url, PORT: 'x' });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const { message, problems } = error as ConfigError;
      expect(message).toContain('MONGODB_URL: must be a mongodb:// URL (got "mongo://***@db:27017');
      expect(message).toContain('PORT');
      expect(`${message} ${problems.join(' ')}`).not.toMatch(/hunter2|ter2|app:/);
    }
    expect(redactCredentials('http://u:p@h/x?a=b@c mongodb://h1,h2/db')).toBe(
      'http://***@h/x?a=b@c mongodb://h1,h2/db',
    );
  });

  describe('Kafka SASL and TLS', () => {
    const kafka = composeEnv(baseEnv(3000), kafkaEnv('g'));
    const scram = {
      KAFKA_BROKERS: 'k:9096',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'app',
    };

    it('are off unless configured', () => {
      const env = parseEnv(kafka, { KAFKA_BROKERS: 'k:9092' });
      expect(env.kafkaSasl).toBeUndefined();
      expect(env.kafkaSsl).toBe(false);
    });

    it('take the mechanism, the user and the password (from a file too)', () => {
      const dir = mkdtempSync(join(tmpdir(), 'env-'));
      writeFileSync(join(dir, 'pw'), 'kafka-secret\n');
      writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\n');
      const env = parseEnv(kafka, {
        ...scram,
        KAFKA_SASL_PASSWORD_FILE: join(dir, 'pw'),
        KAFKA_SSL_CA_FILE: join(dir, 'ca.pem'),
      });
      expect(env.kafkaSasl).toEqual({
        mechanism: 'scram-sha-512',
        username: 'app',
        password: 'kafka-secret',
      });
      expect(env.kafkaSsl).toEqual({ ca: ['-----BEGIN CERTIFICATE-----\n'] });
      expect(parseEnv(kafka, { KAFKA_BROKERS: 'k:9093', KAFKA_SSL: 'true' }).kafkaSsl).toBe(true);
    });

    it('refuse half a configuration, naming what is missing, without the password', () => {
      expect(() => parseEnv(kafka, scram)).toThrow(
        /KAFKA_SASL_PASSWORD: is required with KAFKA_SASL_MECHANISM=scram-sha-512/,
      );
      expect(() => parseEnv(kafka, { KAFKA_BROKERS: 'k:9092', KAFKA_SASL_PASSWORD: 'pw-123' })).toThrow(
        /^(?!.*pw-123).*KAFKA_SASL_PASSWORD: needs KAFKA_SASL_MECHANISM/,
      );
      expect(() =>
        parseEnv(kafka, { ...scram, KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_PASSWORD: 'pw-123' }),
      ).toThrow(/KAFKA_SASL_MECHANISM: .*gssapi/);
      expect(() =>
        parseEnv(kafka, { KAFKA_BROKERS: 'k:9092', KAFKA_SSL_CA_FILE: '/nowhere/ca.pem' }),
      ).toThrow(/KAFKA_SSL_CA_FILE: cannot read the file \(ENOENT\)/);
    });
  });

  it('hands MongoDB credentials given apart from the URL to the driver', () => {
    const env = parseEnv(mongoEnv('users'), {
      MONGODB_URL: 'mongodb://mongodb:27017',
      MONGODB_USERNAME: 'users',
      MONGODB_PASSWORD: 'mongo-secret',
      MONGODB_AUTH_SOURCE: 'admin',
    });
    expect(mongoCredentials(env)).toEqual({
      auth: { username: 'users', password: 'mongo-secret' },
      authSource: 'admin',
    });
    expect(mongoCredentials(parseEnv(mongoEnv('users'), { MONGODB_URL: 'mongodb://h' }))).toEqual({});
  });
});
