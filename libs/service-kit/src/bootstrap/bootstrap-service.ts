import { Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { z } from 'zod';
import { collectRuntimeMetrics, PinoNestLogger, rootLog } from '@event-tickets/telemetry';
import { AppConfig } from '../config/app-config';
import { ConfigError, parseEnv } from '../config/parse-env';
import { fastifyTrustProxy, type TrustProxy } from '../http/client-address';
import { HttpExceptionFilter } from '../http/http-exception.filter';
import { createValidationPipe } from '../http/validation.pipe';
import { registerHttpMetrics } from '../metrics/http-metrics';
import { InternalPort } from './internal-port';
import { ServiceKitModule } from './service-kit.module';

interface BaseEnvValues {
  PORT: number;
  INTERNAL_PORT?: number;
  HOST: string;
  BODY_LIMIT_BYTES: number;
  TRUST_PROXY: TrustProxy;
  CORS_ORIGINS?: string;
  LOG_LEVEL: string;
}

export interface ServiceDefinition<S extends z.ZodTypeAny> {
  /** `users`, `events`, ...: the log's `service`, the Kafka client id, the metrics label. */
  service: string;
  /** The app's root module. */
  module: Type<unknown>;
  /** The app's env schema (composed from the kit's fragments). */
  env: S;
  /** Swagger title and description. */
  title: string;
  description: string;
  /** Longest path parameter the router accepts (Fastify's default is 100; an email may be up to 254). */
  maxParamLength?: number;
}

/** Builds the app (without listening): used by `bootstrapService` and by tests. */
export async function createServiceApp<S extends z.ZodTypeAny>(
  def: ServiceDefinition<S>,
  envOverrides: Record<string, string | undefined> = {},
): Promise<NestFastifyApplication> {
  const env = parseEnv(def.env, { ...process.env, ...envOverrides }) as z.output<S> & BaseEnvValues;
  const config = new AppConfig(def.service, env);
  const log = rootLog(def.service);
  log.level = env.LOG_LEVEL;
  collectRuntimeMetrics(def.service);
  if (env.INTERNAL_PORT !== undefined && env.INTERNAL_PORT !== 0 && env.INTERNAL_PORT === env.PORT) {
    throw new ConfigError([`INTERNAL_PORT: must differ from PORT (both ${env.PORT})`]);
  }
  const internalPort = new InternalPort(env.INTERNAL_PORT);

  const adapter = new FastifyAdapter({
    ...internalPort.fastifyOptions(),
    bodyLimit: env.BODY_LIMIT_BYTES,
    trustProxy: fastifyTrustProxy(env.TRUST_PROXY),
    routerOptions: {
      // The original routes answered with and without a trailing slash (`/events/`).
      ignoreTrailingSlash: true,
      ...(def.maxParamLength ? { maxParamLength: def.maxParamLength } : {}),
    },
  });
  internalPort.install(adapter.getInstance());
  registerHttpMetrics(adapter.getInstance());
  // The APIs speak JSON only: a text/plain body is a 415, not a string handed to the validators.
  adapter.getInstance().removeContentTypeParser('text/plain');
  const app = await NestFactory.create<NestFastifyApplication>(
    { module: class AppRoot {}, imports: [ServiceKitModule.forRoot(config), def.module] } as never,
    adapter,
    { logger: new PinoNestLogger(log), abortOnError: false },
  );
  app.useGlobalFilters(new HttpExceptionFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  if (env.CORS_ORIGINS) app.enableCors({ origin: env.CORS_ORIGINS.split(',').map((o: string) => o.trim()) });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(def.title)
      .setDescription(def.description)
      .setVersion('1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api', app, document, { jsonDocumentUrl: 'api-json' });
  internalPorts.set(app, internalPort);
  return app;
}

const internalPorts = new WeakMap<NestFastifyApplication, InternalPort>();

/**
 * Listens on PORT, then on INTERNAL_PORT when it is set. Returns the public URL and the internal
 * port's number (undefined when there is one port).
 */
export async function listenService(
  app: NestFastifyApplication,
  port: number,
  host: string,
): Promise<{ url: string; internalPort?: number }> {
  await app.listen(port, host);
  const internalPort = await internalPorts.get(app)?.listen(host);
  return { url: await app.getUrl(), internalPort };
}

/** The whole of every main.ts: validate the env, build the app, listen, log where. */
export async function bootstrapService<S extends z.ZodTypeAny>(def: ServiceDefinition<S>): Promise<void> {
  const log = rootLog(def.service);
  try {
    const app = await createServiceApp(def);
    const { env } = app.get(AppConfig) as AppConfig<BaseEnvValues>;
    const { url, internalPort } = await listenService(app, env.PORT, env.HOST);
    new Logger('Bootstrap').log(
      { port: env.PORT, internalPort },
      `${def.service} listening on ${url}${internalPort ? ` (/internal and /metrics on port ${internalPort})` : ''}`,
    );
  } catch (error) {
    if (error instanceof ConfigError) log.fatal({ problems: error.problems }, error.message);
    else log.fatal({ err: error }, `${def.service} failed to start`);
    log.flush();
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 100).unref();
  }
}
