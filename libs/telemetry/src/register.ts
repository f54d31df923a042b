/**
 * Imported first by every main.ts, before Nest, pg, mongoose, kafkajs or pino are loaded, so that
 * instrumentation can patch them. It must not import anything that is itself instrumented.
 * Service name: OTEL_SERVICE_NAME, else the app folder of the main module (apps/<app>/...).
 */
import { startTracing } from './tracing';

startTracing();
