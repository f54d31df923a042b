import { readFileSync } from 'node:fs';
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { Database } from './sql';
import { TypeOrmDatabase } from './typeorm-database';

export interface PostgresEnvValues {
  DB_HOST: string;
  DB_PORT: number;
  DB_USER: string;
  DB_PASSWORD: string;
  DB_NAME: string;
  DB_POOL_SIZE: number;
  DB_SSL: boolean;
  DB_SSL_CA_FILE?: string;
}

/** With a CA the server is verified; DB_SSL alone encrypts without checking who answers. */
export function postgresSsl(
  env: Pick<PostgresEnvValues, 'DB_SSL' | 'DB_SSL_CA_FILE'>,
): false | { ca?: string; rejectUnauthorized: boolean } {
  if (env.DB_SSL_CA_FILE) return { ca: readFileSync(env.DB_SSL_CA_FILE, 'utf8'), rejectUnauthorized: true };
  return env.DB_SSL ? { rejectUnauthorized: false } : false;
}

/**
 * Connection options from the validated env; schema changes only by migrations, never `synchronize`.
 * No entities: app code talks SQL through the database port, TypeORM only pools and migrates.
 */
export function postgresOptions(
  env: PostgresEnvValues,
  extra: Pick<DataSourceOptions, 'migrations'> & { applicationName?: string },
): DataSourceOptions {
  return {
    type: 'postgres',
    host: env.DB_HOST,
    port: env.DB_PORT,
    username: env.DB_USER,
    password: env.DB_PASSWORD,
    database: env.DB_NAME,
    ssl: postgresSsl(env),
    entities: [],
    migrations: extra.migrations,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    applicationName: extra.applicationName,
    extra: { max: env.DB_POOL_SIZE, connectionTimeoutMillis: 5000 },
  };
}

@Module({})
class PostgresModule {}

/**
 * PostgreSQL for an app: TypeORM keeps the connections and runs the migrations at start-up; the app's
 * code sees only the `Database` port, injectable everywhere.
 */
export function postgresModule(extra: Parameters<typeof postgresOptions>[1]): DynamicModule {
  return {
    module: PostgresModule,
    global: true,
    imports: [
      TypeOrmModule.forRootAsync({
        inject: [AppConfig],
        useFactory: (config: AppConfig<PostgresEnvValues>) => ({
          ...postgresOptions(config.env, { applicationName: config.service, ...extra }),
          retryAttempts: 10,
          retryDelay: 1000,
        }),
      }),
    ],
    providers: [{ provide: Database, useClass: TypeOrmDatabase }],
    exports: [Database],
  };
}
