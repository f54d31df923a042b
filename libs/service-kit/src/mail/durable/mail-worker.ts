import { Logger } from '@nestjs/common';
import { backoffDelay } from '../../workers/backoff';
import { retry } from '../../workers/retry';
import { WorkerLoop } from '../../workers/worker-loop';
import { withTimeout } from '../../workers/timeout';
import type { MailMessage } from '../mail.transport';
import { registerBacklog } from './backlog-gauge';
import type { ClaimedEmail, MailStore } from './mail-store';
import { smtpRejected } from './smtp-rejected';

export interface MailWorkerOptions<T> {
  /** Names the worker in logs, in `worker_state{worker}` and for `collectBacklog`. */
  name: string;
  store: MailStore<T>;
  /** Sends one message; `signal` aborts it (the send timeout): the session is cut, nothing more reaches the server. */
  transport: { send(message: MailMessage, signal?: AbortSignal): Promise<void> };
  /** What the stored email says: the message to send (a stable Message-ID per email). */
  compose(email: T): MailMessage | Promise<MailMessage>;
  /** The store's id of an email handed over in memory. */
  idOf(email: T): string;
  /** Fields that name the email in log lines. */
  describe?(email: T): Record<string, unknown>;
  /** The safety-net poll of the store when idle. */
  pollIntervalMs: number;
  /** At most this many emails claimed per poll. */
  batchSize: number;
  /** Sends at once (the SMTP pool's connections). */
  concurrency: number;
  /** How long a claim keeps other workers off an email; a worker that died mid-send is taken over after it. */
  leaseMs: number;
  /** A send still unanswered after this is aborted and retried; below `leaseMs` (default: 2/3 of it). */
  sendTimeoutMs?: number;
  /** Per-email back-off after a failed send: doubling from `initialMs`; `rejectedMaxMs` caps it after a 5xx. */
  retry: { initialMs: number; maxMs: number; rejectedMaxMs?: number };
  /** Emails handed over in memory and not yet claimed, at most (more are left to the poll). */
  handOverLimit?: number;
  /** After the SMTP server accepted an email (metrics, a log line). */
  onSent?(email: T): void;
  /** After a failed attempt, recorded for a retry in `retryInMs`. */
  onFailed?(email: T, error: unknown, outcome: { rejected: boolean; retryInMs: number }): void;
}

const HOUSEKEEPING_EVERY_MS = 10 * 60_000;
const DEFAULT_HAND_OVER_LIMIT = 1000;

/**
 * The durable mail engine: the store is the queue, memory only a bounded fast path. Each email is
 * claimed when its send starts (a lease with a token), sent with a hard timeout shorter than the
 * lease, and its outcome recorded with that token: SENT, or the error and its next attempt (exponential
 * back-off per email). Recording is retried until the database takes it, so a database outage or
 * restart mid-send never sends an email twice; only a crash between the SMTP server's answer and the
 * record can (after the lease), which the stable Message-ID makes recognisable.
 *
 * Emails reach it two ways: handed over in memory right after they were recorded (`offer`, sent at
 * once without reading the store), and the store polled on a `WorkerLoop` (`kick` after a commit that
 * recorded some, every `pollIntervalMs` as the safety net: a restart, a due retry, another replica's
 * leftovers). The store is read only for free send slots, so a backlog is not read again and again.
 * The app's backlog gauge counts it when scraped: `collect() { return collectBacklog(name, this) }`.
 */
export class MailWorker<T> {
  private readonly logger: Logger;
  private readonly loop: WorkerLoop;
  private readonly sendTimeoutMs: number;
  private readonly handedOver = new Map<string, T>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private reserved = 0;
  private stopping = new AbortController();
  private stopped = false;
  private cycling = false;
  private cycleRequested = false;
  private pollWhenFree = false;
  private lastHousekeeping = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: MailWorkerOptions<T>) {
    this.logger = new Logger(options.name);
    this.sendTimeoutMs = options.sendTimeoutMs ?? Math.floor((options.leaseMs * 2) / 3);
    if (this.sendTimeoutMs >= options.leaseMs)
      throw new Error(`${options.name}: the send timeout must be shorter than the claim's lease`);
    this.loop = new WorkerLoop({
      name: options.name,
      intervalMs: options.pollIntervalMs,
      cycle: () => this.poll(),
    });
    registerBacklog(options.name, () => options.store.countPending());
  }

  start(): void {
    if (this.loop.running) return;
    this.stopped = false;
    this.stopping = new AbortController();
    this.loop.start();
  }

  /** No new claims; the sends in progress end (their outcome gets one record attempt) before it resolves. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.handedOver.clear(); // still due in the store: the next start (or a replica) sends them
    this.cycleRequested = false;
    await this.loop.stop();
    this.stopping.abort();
    await Promise.allSettled([...this.inFlight.values()]);
    this.settle();
  }

  /** Look in the store for due emails now (after a commit that recorded some). */
  kick(): void {
    if (this.stopped || !this.loop.running) return;
    this.cycleRequested = true;
    this.loop.kick();
  }

  /**
   * An email just recorded: send it now rather than at the next poll (dropped when the buffer is full).
   * `reserved`: it takes a slot reserved for it (`reserveSlots`) and starts at once, ahead of the queue.
   */
  offer(email: T, reserved = false): void {
    const id = this.options.idOf(email);
    if (reserved) {
      this.reserved -= 1;
      if (!this.stopped && !this.inFlight.has(id) && !this.handedOver.has(id))
        this.track(id, this.claimAndDeliver(email));
      return;
    }
    if (this.stopped || this.inFlight.has(id) || this.handedOver.has(id)) return;
    if (this.handedOver.size >= (this.options.handOverLimit ?? DEFAULT_HAND_OVER_LIMIT)) return;
    this.handedOver.set(id, email);
    this.pump();
  }

  /**
   * Reserves up to `wanted` send slots, only as many as are free now, for emails the caller is about
   * to record already leased to this worker (a store's lease at insert, sent without a claim): the
   * others are recorded due, for any worker. Each reserved slot is taken by `offer(email, true)`, or
   * given back with `unreserve` (an email not recorded after all).
   */
  reserveSlots(wanted: number): number {
    if (this.stopped || !this.loop.running) return 0;
    const free = this.options.concurrency - this.inFlight.size - this.handedOver.size - this.reserved;
    const granted = Math.max(0, Math.min(wanted, free));
    this.reserved += granted;
    return granted;
  }

  unreserve(slots: number): void {
    this.reserved -= slots;
    this.pump();
  }

  /** Resolves when nothing is polled, handed over or being sent (tests). */
  async whenIdle(): Promise<void> {
    while (this.busy) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private get busy(): boolean {
    return this.cycling || this.cycleRequested || this.inFlight.size > 0 || this.handedOver.size > 0;
  }

  private settle(): void {
    if (this.busy) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((resolve) => resolve());
  }

  /** One poll: claims due emails for the free send slots; true when it filled them all (read again). */
  private async poll(): Promise<boolean> {
    this.cycling = true;
    this.cycleRequested = false;
    try {
      await this.housekeeping();
      const free = this.options.concurrency - this.inFlight.size - this.handedOver.size - this.reserved;
      if (free <= 0) {
        this.pollWhenFree = true; // enough to do already: read the store once these are sent
        return false;
      }
      const limit = Math.min(free, this.options.batchSize);
      const busy = new Set([...this.inFlight.keys(), ...this.handedOver.keys()]);
      const claimed = await this.options.store.claimDue(limit, this.options.leaseMs, busy);
      for (const email of claimed) {
        if (this.inFlight.has(email.id)) continue; // cannot happen: a claimed email is not due
        this.track(email.id, this.deliver(email));
      }
      return claimed.length === limit && !this.stopped;
    } finally {
      this.cycling = false;
      this.settle();
    }
  }

  private async housekeeping(): Promise<void> {
    if (!this.options.store.housekeeping || Date.now() - this.lastHousekeeping < HOUSEKEEPING_EVERY_MS)
      return;
    this.lastHousekeeping = Date.now();
    await this.options.store.housekeeping();
  }

  /** Starts handed-over emails while send slots are free. */
  private pump(): void {
    while (
      !this.stopped &&
      this.inFlight.size + this.reserved < this.options.concurrency &&
      this.handedOver.size
    ) {
      const [id, email] = this.handedOver.entries().next().value as [string, T];
      this.handedOver.delete(id);
      this.track(id, this.claimAndDeliver(email));
    }
  }

  private async claimAndDeliver(email: T): Promise<void> {
    const claimed = await this.options.store.claim(email, this.options.leaseMs, this.sendTimeoutMs);
    if (claimed) await this.deliver(claimed);
  }

  private track(id: string, attempt: Promise<void>): void {
    const tracked = attempt
      .catch((error: unknown) =>
        // Still due in the store (the claim or the record failed): a later poll tries again.
        this.logger.warn({ err: error, emailId: id }, 'email attempt failed, will retry'),
      )
      .finally(() => {
        this.inFlight.delete(id);
        this.pump();
        if (this.pollWhenFree && !this.handedOver.size) {
          this.pollWhenFree = false;
          this.kick();
        }
        this.settle();
      });
    this.inFlight.set(id, tracked);
  }

  /** One claimed attempt: send (bounded by the timeout), then record the outcome under the claim. */
  private async deliver(claimed: ClaimedEmail<T>): Promise<void> {
    const { store, compose, transport } = this.options;
    const fields = { ...this.options.describe?.(claimed.email), attempt: claimed.attempts + 1 };
    let failure: { error: unknown } | undefined;
    const send = new AbortController();
    try {
      await withTimeout(
        Promise.resolve(compose(claimed.email)).then((message) => transport.send(message, send.signal)),
        this.sendTimeoutMs,
        'send',
      );
    } catch (error) {
      // A send given up on is ended, not left running: it must not reach the server once another
      // attempt (after the recorded failure) may be under way.
      send.abort(error);
      failure = { error };
    }
    if (!failure) {
      this.options.onSent?.(claimed.email);
      if (!(await this.record(() => store.recordSent(claimed), fields))) this.claimLost(fields);
      return;
    }
    const rejected = smtpRejected(failure.error);
    const { initialMs, maxMs, rejectedMaxMs } = this.options.retry;
    const retryInMs = backoffDelay(claimed.attempts + 1, {
      initialMs,
      maxMs: rejected ? (rejectedMaxMs ?? maxMs) : maxMs,
      jitter: 0,
    });
    const error = failure.error as { message?: unknown } | undefined;
    const reason = String(error?.message ?? failure.error).slice(0, 1000);
    if (!(await this.record(() => store.recordFailed(claimed, reason, retryInMs), fields)))
      this.claimLost(fields);
    this.options.onFailed?.(claimed.email, failure.error, { rejected, retryInMs });
    this.logger.warn({ ...fields, err: failure.error, retryInMs }, 'email not sent, will retry');
  }

  /** The outcome of a send must not be lost to a database hiccup: retried until recorded (or stopping). */
  private record(write: () => Promise<boolean>, fields: Record<string, unknown>): Promise<boolean> {
    return retry(write, {
      signal: this.stopping.signal,
      onRetry: (error, attempt) =>
        this.logger.warn({ ...fields, err: error, attempt }, 'recording an email outcome failed, will retry'),
    });
  }

  private claimLost(fields: Record<string, unknown>): void {
    this.logger.warn(
      fields,
      'email outcome not recorded: another worker claimed it after this lease ran out',
    );
  }
}
