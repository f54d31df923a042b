import type { IncomingMessage } from 'node:http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { MongooseInstrumentation } from '@opentelemetry/instrumentation-mongoose';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { nameHttpSpansByRoute } from './http-route';
import { NodemailerInstrumentation } from './nodemailer-instrumentation';
import { KeepExistingTraceContextPropagator } from './propagation';
import { createSampler } from './sampler';
import type { TracingSettings } from './tracing-settings';

/**
 * Probes, scrapes and polls are not traces: health checks, /metrics and every app's poll of the token
 * revocations every few seconds would drown them.
 */
const UNTRACED = /^\/(health|healthcheck|metrics|internal\/revocations)(?:[/?]|$)/;

export const ignoredIncoming = (request: IncomingMessage): boolean => UNTRACED.test(request.url ?? '');

function instrumentations() {
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: ignoredIncoming,
      requireParentforOutgoingSpans: true,
    }),
    new UndiciInstrumentation({ requireParentforSpans: true }),
    new NestInstrumentation(),
    // Pollers (outbox relay, mail workers, sweepers) query all the time outside any request: only
    // queries that belong to a trace get spans. Statements carry no parameter values.
    new PgInstrumentation({ requireParentSpan: true }),
    new MongooseInstrumentation({ requireParentSpan: true }),
    new KafkaJsInstrumentation(),
    new NodemailerInstrumentation(),
  ];
}

/**
 * The NodeSDK as this platform runs it: traces only (metrics are Prometheus' /metrics, logs are
 * stdout shipped by Filebeat), W3C propagation that keeps a message's stored `traceparent`, and an
 * exporter from the standard variables — or none at all when no endpoint is configured.
 */
export function createNodeSdk(settings: TracingSettings): NodeSDK {
  nameHttpSpansByRoute();
  return new NodeSDK({
    serviceName: settings.serviceName,
    instrumentations: instrumentations(),
    textMapPropagator: new KeepExistingTraceContextPropagator(),
    // Nothing to export to: new traces are not recorded (no span data is built), but their ids
    // still exist and propagate, so logs, error bodies and Kafka headers carry trace ids.
    sampler: createSampler(settings.export === 'none' ? 0 : settings.ratio),
    ...(settings.export === 'none' ? { spanProcessors: [new NoopSpanProcessor()] } : {}),
    metricReaders: [],
    logRecordProcessors: [],
  });
}
