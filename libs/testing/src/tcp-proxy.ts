import { createServer, type Server, type Socket, connect } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Cut every connection and refuse new ones (the server looks down to the app). */
  down(): void;
  /** Accept connections again. */
  up(): void;
  /**
   * Deliver what the server sends `ms` late (0: at once), on open connections too: the server looks
   * slow to answer, while requests still reach it at once.
   */
  slowReplies(ms: number): void;
  close(): Promise<void>;
}

/**
 * A loopback proxy in front of a real server, for fault tests that must not disturb other tests
 * sharing that server: point one app at the proxy, then take the proxy down and up.
 */
export async function tcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let accepting = true;
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
    // Replies in order: each chunk is written when due, never before one that arrived earlier.
    let lastDue = 0;
    const dropAfterReplies = () => setTimeout(drop, Math.max(0, lastDue - Date.now()));
    client.on('error', drop).on('close', drop);
    upstream.on('error', dropAfterReplies).on('close', dropAfterReplies);
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      const now = Date.now();
      const due = Math.max(now + replyDelayMs, lastDue);
      lastDue = due;
      if (due <= now) client.write(chunk);
      else setTimeout(() => !client.destroyed && client.write(chunk), due - now);
    });
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
    slowReplies(ms: number) {
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
