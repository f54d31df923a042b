/** What `WorkSlots.run` throws when the work waited `maxWaitMs` without getting a slot (it never ran). */
export class SlotWaitTimeout extends Error {}

/**
 * A bulkhead: at most `concurrency` pieces of work at once, the rest waiting in order, at most
 * `queueLimit` of them (0: none wait), each for at most `maxWaitMs` (then it is given up, unrun, with
 * SlotWaitTimeout). `full` says when one more would be past that bound; the caller then answers at
 * once (503 with Retry-After) instead of piling up work it cannot finish in time. Check `full`, then
 * `run`, in one turn.
 */
export class WorkSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly queueLimit: number,
    readonly maxWaitMs = Number.POSITIVE_INFINITY,
  ) {}

  get full(): boolean {
    return this.running >= this.concurrency && this.waiting.length >= this.queueLimit;
  }

  /** Work running or waiting now. */
  get load(): number {
    return this.running + this.waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await this.waitForSlot();
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

  private waitForSlot(): Promise<void> {
    return new Promise<void>((start, giveUp) => {
      let timer: NodeJS.Timeout | undefined;
      const take = () => {
        clearTimeout(timer);
        start();
      };
      this.waiting.push(take);
      if (Number.isFinite(this.maxWaitMs))
        timer = setTimeout(() => {
          const at = this.waiting.indexOf(take);
          if (at < 0) return; // handed a slot meanwhile
          this.waiting.splice(at, 1);
          giveUp(new SlotWaitTimeout(`no free slot within ${this.maxWaitMs} ms`));
        }, this.maxWaitMs);
    });
  }
}
