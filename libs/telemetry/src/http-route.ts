import { subscribe } from 'node:diagnostics_channel';
import { context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';

interface FastifyLike {
  addHook(
    name: 'onRequest',
    hook: (request: { routeOptions?: { url?: string } }, reply: unknown, done: () => void) => void,
  ): unknown;
}

/** The route template of the request being served, on the HTTP server span of the active context. */
export function recordHttpRoute(route: string | undefined): void {
  if (!route) return;
  const rpc = getRPCMetadata(context.active());
  if (rpc?.type === RPCType.HTTP) rpc.route = route;
}

let subscribed = false;

/**
 * Names HTTP server spans by route template (`POST /payments`, `GET /events/:id`), never by raw
 * path: every Fastify instance created from now on (Nest's FastifyAdapter creates one) gets an
 * onRequest hook that hands the matched route to the HTTP instrumentation, which then sets
 * `http.route` and renames the span when the response finishes.
 */
export function nameHttpSpansByRoute(): void {
  if (subscribed) return;
  subscribed = true;
  subscribe('fastify.initialization', (message) => {
    const fastify = (message as { fastify?: FastifyLike }).fastify;
    fastify?.addHook('onRequest', (request, _reply, done) => {
      recordHttpRoute(request.routeOptions?.url);
      done();
    });
  });
}
