import { connect, createServer, type Socket } from 'node:net';
import { STACK_DEFAULTS } from './stack-env';

export interface SmtpProxy {
  port: number;
  /** SMTP sessions (TCP connections) opened through the proxy so far. */
  readonly sessions: number;
  /** Mail transactions started (`MAIL FROM`) so far. */
  readonly transactions: number;
  /** Messages whose end of data reached the server (accepted or in its hands). */
  readonly delivered: number;
  /** Messages whose end of data is being held (the slow server is "working" on them). */
  readonly holding: number;
  /** How long each message's end of data is held before the server sees it (0: not held). */
  delayMs: number;
  /** Cuts every open session, as a server that drops its connections (new ones are accepted). */
  dropSessions(): void;
  close(): Promise<void>;
}

const END_OF_DATA = Buffer.from('\r\n.\r\n');

/**
 * An SMTP server that takes `delayMs` per message, for mail tests: a proxy in front of the SMTP
 * catcher that holds each message's end of data (the `.` line) that long before passing it on, as a
 * server that works on a message before answering `250`. A client that gives up meanwhile closes
 * its session and the held end is dropped: the server never accepts that message. It also counts
 * sessions and transactions (how often a client connected, how many sends it started).
 */
export async function smtpProxy(options: { delayMs?: number; targetPort?: number } = {}): Promise<SmtpProxy> {
  const targetPort = options.targetPort ?? Number(process.env.MAIL_PORT ?? STACK_DEFAULTS.MAIL_PORT);
  const sockets = new Set<Socket>();
  const counts = { sessions: 0, transactions: 0, delivered: 0, holding: 0 };
  const proxy = { delayMs: options.delayMs ?? 0 };

  const server = createServer((client) => {
    counts.sessions++;
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    upstream.pipe(client);

    let inData = false;
    let line = ''; // the command line being read (outside DATA)
    let tail = Buffer.alloc(0); // the last bytes of DATA, for an end split across chunks
    let forwarding = Promise.resolve(); // keeps the client's bytes in order behind a held end
    const forward = (bytes: Buffer) => {
      forwarding = forwarding.then(() => {
        if (!upstream.destroyed && bytes.length) upstream.write(bytes);
      });
    };
    const hold = (bytes: Buffer) => {
      counts.holding++;
      forwarding = forwarding
        .then(() => new Promise((resolve) => setTimeout(resolve, proxy.delayMs)))
        .then(() => {
          counts.holding--;
          if (upstream.destroyed || client.destroyed) return; // the client gave up: never accepted
          counts.delivered++;
          upstream.write(bytes);
        });
    };

    client.on('data', (chunk: Buffer) => {
      let start = 0;
      for (let i = 0; i < chunk.length; i++) {
        if (inData) {
          if (chunk[i] !== 0x0a) continue;
          const from = Math.max(start, i + 1 - END_OF_DATA.length);
          const seen = Buffer.concat([tail, chunk.subarray(from, i + 1)]).subarray(-END_OF_DATA.length);
          if (!seen.equals(END_OF_DATA)) continue;
          // The end of data: everything before its last byte goes now, the rest waits.
          forward(chunk.subarray(start, i));
          hold(chunk.subarray(i, i + 1));
          start = i + 1;
          inData = false;
          tail = Buffer.alloc(0);
          continue;
        }
        const c = String.fromCharCode(chunk[i]!);
        if (c !== '\n') {
          line += c;
          continue;
        }
        const command = line.trim().toUpperCase();
        line = '';
        if (command.startsWith('MAIL FROM')) counts.transactions++;
        if (command === 'DATA') {
          forward(chunk.subarray(start, i + 1));
          start = i + 1;
          inData = true;
        }
      }
      const rest = chunk.subarray(start);
      if (inData) tail = Buffer.concat([tail, rest]).subarray(-END_OF_DATA.length);
      forward(rest);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    get sessions() {
      return counts.sessions;
    },
    get transactions() {
      return counts.transactions;
    },
    get delivered() {
      return counts.delivered;
    },
    get holding() {
      return counts.holding;
    },
    get delayMs() {
      return proxy.delayMs;
    },
    set delayMs(ms: number) {
      proxy.delayMs = ms;
    },
    dropSessions() {
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
