/**
 * Runs the work of one key in this process one after another (different keys run side by side).
 * `onIdle` runs when a key's queue empties, so nothing is kept per key between bursts.
 */
export class SerialPerKey {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly onIdle: (key: string) => void = () => undefined) {}

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const run = (this.tails.get(key) ?? Promise.resolve()).then(work);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) !== tail) return;
      this.tails.delete(key);
      this.onIdle(key);
    });
    return run;
  }
}
