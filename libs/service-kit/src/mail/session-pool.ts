/** A connection the pool hands out to one user at a time. */
export interface PooledSession {
  /** False once the session ended (closed by either side, failed, cut): never handed out again. */
  readonly usable: boolean;
  /** Ends the session politely; resolves once it is closed. */
  quit(): Promise<void>;
  /** Cuts the session at once. */
  destroy(): void;
}

export interface SessionPoolOptions<S extends PooledSession> {
  /** Sessions open at most (in use, idle or being opened). */
  size: number;
  /** Uses of one session before it is ended and a fresh one opened. */
  maxMessages: number;
  /** An idle session is ended after this long. */
  idleMs: number;
  /** Opens a session; `signal` gives up on it (the session is then cut). */
  open(signal?: AbortSignal): Promise<S>;
}

interface Idle<S> {
  session: S;
  used: number;
  timer: NodeJS.Timeout;
}

/**
 * Up to `size` sessions, each lent to one piece of work at a time. A session comes back to the pool
 * only when the work succeeded; work that failed (an error, a timeout, an abort) destroys its session,
 * so a session in an unknown state is never used again. Callers beyond `size` wait, first come first
 * served, and give up waiting when their signal aborts.
 */
export class SessionPool<S extends PooledSession> {
  private readonly idle: Idle<S>[] = []; // the most recently used last: a surplus idles out
  private readonly waiting: (() => void)[] = [];
  private readonly quitting = new Set<Promise<void>>();
  private count = 0; // sessions in use, idle or being opened
  private closing = false;
  private readonly drained: (() => void)[] = [];

  constructor(private readonly options: SessionPoolOptions<S>) {}

  /** Runs `work` on a session of the pool; `signal` gives up waiting for (or opening) one. */
  async use<R>(work: (session: S) => Promise<R>, signal?: AbortSignal): Promise<R> {
    const { session, used } = await this.acquire(signal);
    let result: R;
    try {
      result = await work(session);
    } catch (error) {
      this.discard(session);
      throw error;
    }
    this.release(session, used + 1);
    return result;
  }

  /** Sessions open or being opened (tests, metrics). */
  get size(): number {
    return this.count;
  }

  /**
   * Ends the idle sessions now and each session in use when its work is done (work still to come
   * gets a session of its own, ended after it); resolves when none is left.
   */
  async close(): Promise<void> {
    this.closing = true;
    for (const entry of this.idle.splice(0)) this.retire(entry);
    if (this.count > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
    await Promise.all([...this.quitting]);
  }

  private async acquire(signal?: AbortSignal): Promise<{ session: S; used: number }> {
    for (let waited = false; ; waited = true) {
      signal?.throwIfAborted();
      const entry = this.takeIdle();
      if (entry) return entry;
      if (this.count < this.options.size) {
        this.count++;
        try {
          return { session: await this.options.open(signal), used: 0 };
        } catch (error) {
          this.forget();
          throw error;
        }
      }
      // Woken for a free session or slot: a caller that already waited keeps its place in front.
      await this.slot(signal, waited);
    }
  }

  private takeIdle(): { session: S; used: number } | undefined {
    for (let entry = this.idle.pop(); entry; entry = this.idle.pop()) {
      clearTimeout(entry.timer);
      if (entry.session.usable) return entry;
      this.discard(entry.session); // ended while idle (the server closed it)
    }
    return undefined;
  }

  private slot(signal: AbortSignal | undefined, front: boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const wake = () => {
        signal?.removeEventListener('abort', abort);
        resolve();
      };
      const abort = () => {
        const at = this.waiting.indexOf(wake);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', abort, { once: true });
      if (front) this.waiting.unshift(wake);
      else this.waiting.push(wake);
    });
  }

  private release(session: S, used: number): void {
    if (this.closing || !session.usable || used >= this.options.maxMessages) {
      this.retire({ session, used, timer: undefined as never });
      return;
    }
    const entry: Idle<S> = { session, used, timer: undefined as never };
    entry.timer = setTimeout(() => {
      const at = this.idle.indexOf(entry);
      if (at >= 0) this.retire(this.idle.splice(at, 1)[0]!);
    }, this.options.idleMs);
    entry.timer.unref();
    this.idle.push(entry);
    this.waiting.shift()?.();
  }

  /** A session done with for good: ended politely, its slot free for a fresh one. */
  private retire(entry: Idle<S>): void {
    clearTimeout(entry.timer);
    const quitting = entry.session.quit().catch(() => entry.session.destroy());
    this.quitting.add(quitting);
    void quitting.finally(() => this.quitting.delete(quitting));
    this.forget();
  }

  /** A session that failed or ended: cut, never used again, its slot free for a fresh one. */
  private discard(session: S): void {
    session.destroy();
    this.forget();
  }

  private forget(): void {
    this.count--;
    this.waiting.shift()?.();
    if (this.count === 0) this.drained.splice(0).forEach((resolve) => resolve());
  }
}
