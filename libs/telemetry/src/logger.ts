import { trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';
import { REDACTED, SECRET_FIELDS } from './secret-fields';

/** Keys whose values are never written to a log line. */
const REDACTED_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => `*.${field}`),
  'req.headers.authorization',
  'req.headers.cookie',
];

export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    mixin() {
      const span = trace.getActiveSpan()?.spanContext();
      return span && span.traceId !== '00000000000000000000000000000000'
        ? { trace_id: span.traceId, span_id: span.spanId }
        : {};
    },
  });
}

let rootLogger: Logger | undefined;

/** The process-wide logger; the service name is fixed by the first call (the bootstrap's). */
export function rootLog(service = process.env.OTEL_SERVICE_NAME ?? 'event-tickets'): Logger {
  rootLogger ??= createLogger(service);
  return rootLogger;
}
