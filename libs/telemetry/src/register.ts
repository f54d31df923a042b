/**
 * Imported first by every main.ts, before Nest, pg, mongoose, kafkajs or pino are loaded, so that
 * instrumentation can patch them. It must not import anything that is itself instrumented.
 */
import { startTracing } from './tracing';

startTracing();
