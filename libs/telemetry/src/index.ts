export { createLogger, rootLog } from './logger';
export { REDACTED, SECRET_FIELDS } from './secret-fields';
export { PinoNestLogger } from './nest-logger';
export { metricsRegistry, collectRuntimeMetrics, counter, gauge, histogram } from './metrics';
export { shutdownTracing, startTracing, tracingSettingsInUse, tracingStarted } from './tracing';
export type { StartTracingOptions } from './tracing';
export { appFromPath, tracingSettings } from './tracing-settings';
export type { TracingSettings } from './tracing-settings';
export { contextFromHeaders, currentTraceHeaders, inConsumerSpan, inProducerSpan } from './trace-context';
