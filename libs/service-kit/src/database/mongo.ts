import { MongooseModule } from '@nestjs/mongoose';
import { AppConfig } from '../config/app-config';

export interface MongoEnvValues {
  MONGODB_URL: string;
  MONGODB_DB: string;
  MONGODB_USERNAME?: string;
  MONGODB_PASSWORD?: string;
  MONGODB_AUTH_SOURCE?: string;
}

/**
 * Credentials given apart from the URL (a password from a secret file, a URL without secrets in
 * it): handed to the driver as options, which win over any in the URL.
 */
export function mongoCredentials(env: MongoEnvValues) {
  return {
    ...(env.MONGODB_USERNAME
      ? { auth: { username: env.MONGODB_USERNAME, password: env.MONGODB_PASSWORD } }
      : {}),
    ...(env.MONGODB_AUTH_SOURCE ? { authSource: env.MONGODB_AUTH_SOURCE } : {}),
  };
}

/**
 * Mongoose for an app. The Mongo-wire server of the local stack (FerretDB 1.x) has no multi-document
 * transactions and no TTL indexes: every write that must be atomic is one document, and uniqueness is
 * enforced by unique indexes. The same code runs on MongoDB.
 */
export function mongoModule() {
  return MongooseModule.forRootAsync({
    inject: [AppConfig],
    useFactory: (config: AppConfig<MongoEnvValues>) => ({
      uri: config.env.MONGODB_URL,
      dbName: config.env.MONGODB_DB,
      appName: config.service,
      serverSelectionTimeoutMS: 5000,
      retryWrites: false,
      autoIndex: true,
      ...mongoCredentials(config.env),
    }),
  });
}
