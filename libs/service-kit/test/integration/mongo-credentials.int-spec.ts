import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { AppConfig, mongoEnv, mongoModule, parseEnv } from '@event-tickets/service-kit';
import { uniqueName } from '@event-tickets/testing';

/**
 * MONGODB_USERNAME and MONGODB_PASSWORD_FILE reach the driver with a URL that holds no secret. The
 * local FerretDB checks PLAIN credentials against its PostgreSQL (the stack's postgres user), so a
 * wrong password is refused by the server.
 */
describe('MongoDB credentials apart from the URL (kit mongoModule, local FerretDB)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mongo-credentials-'));
  const connectWith = async (password: string) => {
    writeFileSync(join(dir, 'password'), `${password}\n`);
    const env = parseEnv(mongoEnv('unused'), {
      MONGODB_URL: `${process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017'}/?authMechanism=PLAIN`,
      MONGODB_DB: uniqueName('credentials'),
      MONGODB_USERNAME: process.env.DB_USER ?? 'postgres',
      MONGODB_PASSWORD_FILE: join(dir, 'password'),
    });
    @Global()
    @Module({
      providers: [{ provide: AppConfig, useValue: new AppConfig('credentials-test', env) }],
      exports: [AppConfig],
    })
    class ConfigModule {}
    @Module({ imports: [ConfigModule, mongoModule()] })
    class Root {}
    const app = await NestFactory.createApplicationContext(Root, { logger: false, abortOnError: false });
    const connection = app.get<Connection>(getConnectionToken());
    try {
      await connection.db!.collection('probe').insertOne({ at: new Date() });
      return (await connection.db!.collection('probe').countDocuments()) as number;
    } finally {
      await connection.dropDatabase().catch(() => undefined);
      await app.close();
    }
  };

  it('connects with the right password from the file', async () => {
    expect(await connectWith(process.env.DB_PASSWORD ?? 'postgres')).toBe(1);
  });

  it('is refused with a wrong one', async () => {
    await expect(connectWith('not-the-password')).rejects.toThrow(/password authentication failed|auth/i);
  });
});
