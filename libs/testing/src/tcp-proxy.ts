import { createServer, type Server, type Socket, connect } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Cut every connection and refuse new ones (the server looks down to the app). */
  down(): void;
  /** Accept connections again. */
  up(): void;
  /**
   * From now on, hold what the app sends for `ms` before the server gets it (0 removes the delay):
   * a slow server, or a slow network to it. With `when`, only the chunks it matches are held (an
   * SMTP server slow to accept each message: the chunk ending the message's data). Order within a
   * connection is kept; a connection that closes meanwhile drops what it still held, as a real
   * network would.
   */
  delay(ms: number, when?: (chunk: Buffer) => boolean): void;
  /**
   * From now on, hold what the server sends back for `ms` (0 removes it), on open connections too:
   * the server does its work at once but answers late (a timed-out caller's request still took effect).
   */
  slowReplies(ms: number): void;
  close(): Promise<void>;
}

/**
 * A loopback proxy in front of a real server, for fault tests that must not disturb other tests
 * sharing that server: point one app at the proxy, then take the proxy down and up, or slow it.
 */
export async function tcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let accepting = true;
  let delay: Delay = { ms: 0 };
  let replyDelay: Delay = { ms: 0 };
  const server: Server = createServer((client) => {
    if (!accepting) return client.destroy();
    const upstream = connect(targetPort, targetHost);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    forward(client, upstream, () => delay);
    forward(upstream, client, () => replyDelay);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    down() {
      accepting = false;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    up() {
      accepting = true;
    },
    delay(ms, when) {
      delay = { ms, when };
    },
    slowReplies(ms) {
      replyDelay = { ms };
    },
    close: () =>
      new Promise<void>((resolve) => {
        accepting = false;
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

interface Delay {
  ms: number;
  when?: (chunk: Buffer) => boolean;
}

/** One direction (from → to), each chunk released no earlier than the delay asks and never before the one ahead. */
function forward(client: Socket, upstream: Socket, current: () => Delay): void {
  const queue: { chunk: Buffer | 'end'; at: number }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const write = (chunk: Buffer | 'end') => {
    if (upstream.destroyed) return;
    if (chunk === 'end') upstream.end();
    else if (!upstream.write(chunk)) {
      client.pause();
      upstream.once('drain', () => client.resume());
    }
  };
  const flush = () => {
    timer = undefined;
    while (queue.length && queue[0]!.at <= Date.now()) write(queue.shift()!.chunk);
    if (queue.length) timer = setTimeout(flush, queue[0]!.at - Date.now());
  };
  const push = (chunk: Buffer | 'end', ms: number) => {
    const at = Math.max(Date.now() + ms, queue.at(-1)?.at ?? 0);
    queue.push({ chunk, at });
    if (!timer) flush();
  };
  client.on('data', (chunk: Buffer) => {
    const { ms, when } = current();
    push(chunk, ms > 0 && (!when || when(chunk)) ? ms : 0);
  });
  client.on('end', () => push('end', 0));
}
