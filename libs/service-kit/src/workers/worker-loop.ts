import { Logger } from '@nestjs/common';
import { backoffDelay, DEFAULT_BACKOFF, sleep, type BackoffOptions } from './backoff';
import { WORKER_STATES, workerMetrics, type WorkerState } from './worker.metrics';

export interface WorkerLoopOptions {
  /** Names the loop in logs and in the `worker_state{worker}` metric. */
  name: string;
  /**
   * One cycle of work. Resolves `true` when there may be more to do at once (a full batch): the next
   * cycle starts without waiting. Throwing counts a failure and backs off.
   */
  cycle: (signal: AbortSignal) => Promise<boolean | void>;
  /** The wait between cycles when idle (the safety-net poll); `kick()` cuts it short. */
  intervalMs: number;
  /** Waits after consecutive failures (default 250 ms doubling to 10 s, with jitter). */
  backoff?: BackoffOptions;
}

/**
 * The one background loop of the platform: runs `cycle` again and again, at once while there is more
 * work, every `intervalMs` when idle, sooner when kicked (after a commit that created work), and with
 * a growing, jittered delay while cycles fail. `stop()` aborts the wait and the cycle's signal and
 * resolves when the cycle in progress has ended.
 */
export class WorkerLoop {
  private readonly logger: Logger;
  private controller?: AbortController;
  private loop?: Promise<void>;
  private wake?: () => void;
  private kicked = false;
  private failures = 0;

  constructor(private readonly options: WorkerLoopOptions) {
    this.logger = new Logger(`worker:${options.name}`);
    this.setState('stopped');
  }

  get running(): boolean {
    return Boolean(this.controller && !this.controller.signal.aborted);
  }

  /** Consecutive failed cycles (0 after a success). */
  get consecutiveFailures(): number {
    return this.failures;
  }

  start(): void {
    if (this.running) return;
    this.controller = new AbortController();
    this.loop = this.run(this.controller.signal);
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    this.wake?.();
    await this.loop;
    this.setState('stopped');
  }

  /** Run a cycle now (new work was committed); a kick during a cycle runs another right after it. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      this.kicked = false;
      let more = false;
      this.setState('working');
      try {
        more = (await this.options.cycle(signal)) === true;
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        workerMetrics.failures.inc({ worker: this.options.name });
        if (!signal.aborted)
          this.logger.warn(
            { err: error, failures: this.failures },
            `${this.options.name}: cycle failed, will retry`,
          );
      }
      if (signal.aborted) break;
      if (this.failures) {
        this.setState('backing_off');
        await this.wait(backoffDelay(this.failures, this.options.backoff ?? DEFAULT_BACKOFF), signal, false);
      } else if (!more && !this.kicked) {
        this.setState('idle');
        await this.wait(this.options.intervalMs, signal, true);
      }
    }
  }

  /** Sleeps `ms`; a kick ends the sleep only when `kickable` (a failing loop keeps its back-off). */
  private async wait(ms: number, signal: AbortSignal, kickable: boolean): Promise<void> {
    const cut = new AbortController();
    const onAbort = () => cut.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    this.wake = () => {
      if (kickable || signal.aborted) cut.abort();
    };
    try {
      await sleep(ms, cut.signal);
    } finally {
      this.wake = undefined;
      signal.removeEventListener('abort', onAbort);
    }
  }

  private setState(state: WorkerState): void {
    workerMetrics.state.set({ worker: this.options.name }, WORKER_STATES[state]);
  }
}
