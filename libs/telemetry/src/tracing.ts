/**
 * Tracing start-up: the OpenTelemetry NodeSDK, started by `@event-tickets/telemetry/register`
 * before Nest, pg, mongoose or kafkajs are loaded so that their instrumentation can patch them.
 * The SDK is loaded lazily: importing this library (tests, the kit) does not pull it in.
 */
import type { NodeSDK } from '@opentelemetry/sdk-node';
import { type TracingSettings, tracingSettings } from './tracing-settings';

let started = false;
let sdk: NodeSDK | undefined;
let current: TracingSettings | undefined;

/** How long a stopping process waits for the last spans to reach the collector. */
const FLUSH_ON_EXIT_MS = 3000;

export interface StartTracingOptions {
  /** The service name when `OTEL_SERVICE_NAME` is not set (default: derived from the main module's path). */
  serviceName?: string;
  env?: Record<string, string | undefined>;
}

/** Starts the SDK once per process (unless `OTEL_SDK_DISABLED=true`); never throws, never waits. */
export function startTracing(options: StartTracingOptions = {}): void {
  if (started) return;
  started = true;
  const env = options.env ?? process.env;
  current = tracingSettings(
    options.serviceName && !env.OTEL_SERVICE_NAME ? { ...env, OTEL_SERVICE_NAME: options.serviceName } : env,
    require.main?.filename ?? process.argv[1],
  );
  if (!current.enabled) return;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createNodeSdk } = require('./node-sdk') as typeof import('./node-sdk');
    sdk = createNodeSdk(current);
    sdk.start();
    process.once('SIGTERM', () => void flushThenExit('SIGTERM'));
    process.once('SIGINT', () => void flushThenExit('SIGINT'));
  } catch (error) {
    sdk = undefined;
    process.stderr.write(
      `${JSON.stringify({ level: 'warn', service: current.serviceName, msg: 'tracing not started', err: String(error) })}\n`,
    );
  }
}

/** True once the SDK runs in this process (spans are recorded; exported when an endpoint is set). */
export function tracingStarted(): boolean {
  return sdk !== undefined;
}

/** The settings tracing started with (undefined before `startTracing`). */
export function tracingSettingsInUse(): TracingSettings | undefined {
  return current;
}

/** Flushes and stops the SDK (bounded: a missing collector never holds the process). */
export async function shutdownTracing(timeoutMs = FLUSH_ON_EXIT_MS): Promise<void> {
  const running = sdk;
  sdk = undefined;
  if (!running) return;
  await Promise.race([
    running.shutdown().catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
  ]);
}

/**
 * On a stop signal the app (Nest's shutdown hooks) closes itself and re-raises the signal; the last
 * spans are flushed meanwhile. When nothing else handles the signal, it is re-raised here.
 */
async function flushThenExit(signal: NodeJS.Signals): Promise<void> {
  const othersHandleIt = process.listenerCount(signal) > 0;
  await shutdownTracing();
  if (!othersHandleIt) process.kill(process.pid, signal);
}
