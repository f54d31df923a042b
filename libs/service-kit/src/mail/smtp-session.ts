import { connect, type Socket } from 'node:net';
import type { Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { PooledSession } from './session-pool';

export interface SmtpSessionOptions {
  host: string;
  port: number;
  /** Implicit TLS from the first byte (port 465). */
  secure: boolean;
  /** STARTTLS or fail. */
  requireTLS: boolean;
  auth?: { user: string; pass: string };
  connectionTimeoutMs: number;
  greetingTimeoutMs: number;
  /** A server silent this long ends the session. */
  socketTimeoutMs: number;
}

const QUIT_GRACE_MS = 2000;

/**
 * One SMTP session (nodemailer's SMTPConnection) on a TCP socket it owns, so that an aborted
 * command can cut exactly this session: `destroy()` drops the socket, and a message whose end of
 * data had not reached the server is never accepted. Every outcome of a command — its answer, an
 * error or timeout of the connection, the server closing — settles the command's promise; after any
 * of them but a successful answer the session is no longer `usable`.
 */
export class SmtpSession implements PooledSession {
  private ended = false;
  private pending?: (error: Error) => void;

  private constructor(
    private readonly socket: Socket,
    private readonly connection: SMTPConnection,
  ) {
    // Always listened to: an idle session the server closes with an error must not crash the app.
    connection.on('error', (error: Error) => this.fail(error));
    connection.on('end', () => this.fail(closed()));
    socket.on('error', () => this.fail(closed()));
  }

  /** Connects, says hello (STARTTLS when offered or required) and logs in. */
  static async open(options: SmtpSessionOptions, signal?: AbortSignal): Promise<SmtpSession> {
    const socket = await connectSocket(options, signal);
    const session = new SmtpSession(
      socket,
      new SMTPConnection({
        host: options.host,
        port: options.port,
        secure: options.secure,
        requireTLS: options.requireTLS,
        connection: socket,
        greetingTimeout: options.greetingTimeoutMs,
        socketTimeout: options.socketTimeoutMs,
        logger: false,
      }),
    );
    try {
      await session.run<void>(signal, (done) => session.connection.connect(() => done(null)));
      // As nodemailer's own transport: credentials are offered only to a server that asks for them.
      const { auth } = options;
      const { allowsAuth } = session.connection as unknown as { allowsAuth?: boolean };
      if (auth && allowsAuth)
        await session.run<void>(signal, (done) => session.connection.login(auth, (e) => done(e ?? null)));
    } catch (error) {
      session.destroy();
      throw error;
    }
    return session;
  }

  get usable(): boolean {
    // The socket's state too: the server's close is seen there before the session hears of it.
    return !this.ended && !this.socket.destroyed && !this.socket.readableEnded;
  }

  /** One mail transaction (MAIL, RCPT, DATA); `signal` cuts the session. */
  send(
    envelope: SMTPConnection.Envelope,
    message: Readable | Buffer | string,
    signal?: AbortSignal,
  ): Promise<SMTPConnection.SentMessageInfo> {
    return this.run(signal, (done) => this.connection.send(envelope, message, done));
  }

  quit(): Promise<void> {
    if (this.socket.destroyed) {
      this.ended = true;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.destroy(), QUIT_GRACE_MS).unref();
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      if (this.ended) this.destroy();
      else {
        this.ended = true;
        this.connection.quit();
      }
    });
  }

  destroy(): void {
    this.ended = true;
    // The socket first: SMTPConnection's own close would end it gracefully, flushing what is queued.
    this.socket.destroy();
    this.connection.close();
  }

  /** Runs one command; its callback, a failure of the session or the signal settles it. */
  private run<R>(
    signal: AbortSignal | undefined,
    start: (done: (error: Error | null, result?: R) => void) => void,
  ): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      if (this.ended) return reject(closed());
      if (signal?.aborted) {
        this.destroy();
        return reject(signal.reason as Error);
      }
      let settled = false;
      const settle = (error: Error | null, result?: R) => {
        if (settled) return;
        settled = true;
        this.pending = undefined;
        signal?.removeEventListener('abort', abort);
        if (error) reject(error);
        else resolve(result as R);
      };
      const abort = () => {
        settle(signal!.reason as Error);
        this.destroy();
      };
      this.pending = (error) => settle(error);
      signal?.addEventListener('abort', abort, { once: true });
      start(settle);
    });
  }

  private fail(error: Error): void {
    this.ended = true;
    this.pending?.(error);
  }
}

function closed(): Error {
  return Object.assign(new Error('SMTP session closed'), { code: 'ECONNECTION' });
}

/** A plain TCP connection (TLS, implicit or STARTTLS, is layered on it by SMTPConnection). */
function connectSocket(options: SmtpSessionOptions, signal?: AbortSignal): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    signal?.throwIfAborted();
    const socket = connect({ host: options.host, port: options.port });
    const fail = (error: Error) => {
      signal?.removeEventListener('abort', abort);
      socket.destroy();
      reject(error);
    };
    const abort = () => fail(signal!.reason as Error);
    signal?.addEventListener('abort', abort, { once: true });
    const timeout = () => fail(Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' }));
    socket.setTimeout(options.connectionTimeoutMs);
    socket.once('timeout', timeout);
    socket.once('error', fail);
    socket.once('connect', () => {
      signal?.removeEventListener('abort', abort);
      socket.setTimeout(0);
      socket.removeListener('timeout', timeout);
      socket.removeListener('error', fail);
      resolve(socket);
    });
  });
}
