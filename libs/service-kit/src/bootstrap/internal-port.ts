import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';

/**
 * Routes only the internal port serves when INTERNAL_PORT is set: the service-to-service API and
 * Prometheus metrics. Health answers on both ports (probes may use either).
 */
const INTERNAL_ROUTE = /^\/(internal|metrics)(\/|$)/;
const BOTH_PORTS_ROUTE = /^\/health(\/|$)/;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * One Fastify instance behind two HTTP servers that share its handler: the public one (Nest's
 * `listen`) and the internal one (`listenService`). A request is told apart by the server that
 * accepted its connection, and routed by the route it matched (after Fastify decoded the path, so
 * `/%69nternal/...` is not a way round); a route of the other port answers the usual 404.
 */
export class InternalPort {
  private internal?: Server;
  private readonly internalSockets = new WeakSet<Socket>();

  constructor(readonly port: number | undefined) {}

  /** Fastify options: a server factory when the port is split, nothing otherwise. */
  fastifyOptions(): Pick<FastifyServerOptions, 'serverFactory'> {
    if (this.port === undefined) return {};
    return {
      // Called again for each extra address when the host names several (`localhost`): one
      // internal server is enough.
      serverFactory: (handler: Handler) => {
        if (!this.internal) {
          this.internal = createServer(handler);
          this.internal.on('connection', (socket: Socket) => this.internalSockets.add(socket));
        }
        return createServer(handler);
      },
    };
  }

  /** The routing hook and the internal server's close, on the app's Fastify instance. */
  install(fastify: FastifyInstance): void {
    if (this.port === undefined) return;
    fastify.addHook('onRequest', (request, reply, done) => {
      const route = request.routeOptions.url;
      if (route === undefined || BOTH_PORTS_ROUTE.test(route)) return done();
      const onInternal = this.internalSockets.has(request.raw.socket);
      if (INTERNAL_ROUTE.test(route) === onInternal) return done();
      reply.callNotFound();
    });
    fastify.addHook('onClose', async () => {
      const server = this.internal;
      if (!server?.listening) return;
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
  }

  /** Starts the internal server (after the public one); the port it got (INTERNAL_PORT=0: a free one). */
  async listen(host: string): Promise<number | undefined> {
    const server = this.internal;
    if (this.port === undefined || !server) return undefined;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return (server.address() as { port: number }).port;
  }
}
