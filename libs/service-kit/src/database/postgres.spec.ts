import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresEnv } from '../config/env.fragments';
import { postgresSsl } from './postgres';

const base = { DB_HOST: 'db', DB_USER: 'events', DB_PASSWORD: 'pw' };

describe(postgresSsl.name, () => {
  it('connects without TLS unless asked', () => {
    expect(postgresSsl(postgresEnv('events').parse(base))).toBe(false);
  });

  it('DB_SSL alone encrypts without verifying the server (the original behaviour)', () => {
    expect(postgresSsl(postgresEnv('events').parse({ ...base, DB_SSL: 'true' }))).toEqual({
      rejectUnauthorized: false,
    });
  });

  it('DB_SSL_CA_FILE verifies the server against that CA', () => {
    const ca = join(mkdtempSync(join(tmpdir(), 'pg-ca-')), 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    expect(postgresSsl(postgresEnv('events').parse({ ...base, DB_SSL_CA_FILE: ca }))).toEqual({
      ca: expect.stringContaining('BEGIN CERTIFICATE'),
      rejectUnauthorized: true,
    });
  });

  it('refuses a CA file that is not there', () => {
    const parsed = postgresEnv('events').safeParse({ ...base, DB_SSL_CA_FILE: '/nonexistent/ca.pem' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['DB_SSL_CA_FILE'], message: 'no such file' });
  });
});
