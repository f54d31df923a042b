import { trace } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import { counter, histogram } from '@event-tickets/telemetry';

/**
 * RED metrics per route template (`/events/:eventId`, never the raw path), recorded in Fastify's
 * onResponse hook so that 401s from guards, 404s and body-parser errors are counted too.
 */
export function registerHttpMetrics(fastify: FastifyInstance): void {
  const requests = counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
  });
  const duration = histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });
  // Every response names its trace, so a client (or the demo) can open the request in Jaeger.
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    const traceId = trace.getActiveSpan()?.spanContext().traceId;
    if (traceId && !/^0+$/.test(traceId)) void reply.header('x-trace-id', traceId);
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    const labels = { method: request.method, route, status_code: String(reply.statusCode) };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
}
