/**
 * A bulkhead: at most `concurrency` pieces of work at once, the rest waiting in order, at most
 * `queueLimit` of them (0: none wait). `full` says when one more would be past that bound; the
 * caller then answers at once (503 with Retry-After) instead of piling up work it cannot finish in
 * time. Check `full`, then `run`, in one turn.
 */
export class WorkSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly queueLimit: number,
  ) {}

  get full(): boolean {
    return this.running >= this.concurrency && this.waiting.length >= this.queueLimit;
  }

  /** Work running or waiting now. */
  get load(): number {
    return this.running + this.waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((start) => this.waiting.push(start));
    else this.running += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next)
        next(); // the slot passes straight to the next in line
      else this.running -= 1;
    }
  }
}
