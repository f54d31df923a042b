import { createServer, type Server, type Socket, connect } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Cut every connection and refuse new ones (the server looks down to the app). */
  down(): void;
  /** Accept connections again. */
  up(): void;
  /**
   * From now on, hold what the app sends for `ms` before the server gets it (0 removes the delay):
   * a slow network to the server. Order within a connection is kept; a connection that closes
   * meanwhile drops what it still held, as a real network would. (An SMTP server slow per message
   * is `smtpProxy`.)
   */
  delay(ms: number): void;
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
  let delayMs = 0;
  let replyDelayMs = 0;
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
    forward(client, upstream, () => delayMs);
    forward(upstream, client, () => replyDelayMs);
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
    delay(ms) {
      delayMs = ms;
    },
    slowReplies(ms) {
      replyDelayMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        accepting = false;
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** One direction (from → to), each chunk released no earlier than the delay asks and never before the one ahead. */
function forward(from: Socket, to: Socket, delayMs: () => number): void {
  const queue: { chunk: Buffer | 'end'; at: number }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const write = (chunk: Buffer | 'end') => {
    if (to.destroyed) return;
    if (chunk === 'end') to.end();
    else if (!to.write(chunk)) {
      from.pause();
      to.once('drain', () => from.resume());
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
  from.on('data', (chunk: Buffer) => push(chunk, delayMs()));
  from.on('end', () => push('end', 0));
}
