export { createLogger, rootLog } from './logger';
export { PinoNestLogger } from './nest-logger';
export { metricsRegistry, collectRuntimeMetrics, counter, gauge, histogram } from './metrics';
export { startTracing, tracingStarted } from './tracing';
export { contextFromHeaders, currentTraceHeaders, inConsumerSpan, inProducerSpan } from './trace-context';
