import { metricsRegistry } from '@event-tickets/telemetry';
import { backoffDelay } from './backoff';
import { retry } from './retry';
import { WorkerLoop } from './worker-loop';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

async function stateOf(worker: string): Promise<number | undefined> {
  const metric = await metricsRegistry.getSingleMetric('worker_state')!.get();
  return metric.values.find((v) => v.labels.worker === worker)?.value;
}

describe('backoffDelay', () => {
  it('doubles from the initial delay, stays within [half, all] of it, and never passes the cap', () => {
    for (let i = 0; i < 200; i += 1) {
      const first = backoffDelay(1, { initialMs: 100, maxMs: 1000 });
      const third = backoffDelay(3, { initialMs: 100, maxMs: 1000 });
      const late = backoffDelay(40, { initialMs: 100, maxMs: 1000 });
      expect(first).toBeGreaterThanOrEqual(50);
      expect(first).toBeLessThanOrEqual(100);
      expect(third).toBeGreaterThanOrEqual(200);
      expect(third).toBeLessThanOrEqual(400);
      expect(late).toBeGreaterThanOrEqual(500);
      expect(late).toBeLessThanOrEqual(1000);
    }
  });
});

describe('retry', () => {
  it('retries a failing step until it succeeds, reporting each retry', async () => {
    const retries: number[] = [];
    let calls = 0;
    const result = await retry(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('down');
        return 'recorded';
      },
      { backoff: { initialMs: 1, maxMs: 2 }, onRetry: (_e, attempt) => retries.push(attempt) },
    );
    expect(result).toBe('recorded');
    expect(calls).toBe(3);
    expect(retries).toEqual([1, 2]);
  });

  it('throws the last error after the allowed attempts, and at once for a non-retryable error', async () => {
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls += 1;
          throw new Error(`fail ${calls}`);
        },
        { attempts: 3, backoff: { initialMs: 1, maxMs: 1 } },
      ),
    ).rejects.toThrow('fail 3');
    calls = 0;
    await expect(
      retry(
        async () => {
          calls += 1;
          throw new Error('bad input');
        },
        { retryable: () => false },
      ),
    ).rejects.toThrow('bad input');
    expect(calls).toBe(1);
  });

  it('gives up when its signal aborts during the wait', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    await expect(
      retry(
        async () => {
          throw new Error('still down');
        },
        { signal: controller.signal, backoff: { initialMs: 10_000, maxMs: 10_000 } },
      ),
    ).rejects.toThrow('still down');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('WorkerLoop', () => {
  it('runs at once while a cycle reports more work, then waits for the poll interval', async () => {
    let cycles = 0;
    const loop = new WorkerLoop({
      name: 'spec-more',
      intervalMs: 60_000,
      cycle: async () => {
        cycles += 1;
        return cycles < 5;
      },
    });
    loop.start();
    await tick(50);
    expect(cycles).toBe(5);
    expect(await stateOf('spec-more')).toBe(1); // idle
    await loop.stop();
    expect(await stateOf('spec-more')).toBe(0);
  });

  it('a kick cuts the idle wait short; a kick during a cycle runs one more cycle', async () => {
    let cycles = 0;
    let release: (() => void) | undefined;
    const loop = new WorkerLoop({
      name: 'spec-kick',
      intervalMs: 60_000,
      cycle: async () => {
        cycles += 1;
        if (cycles === 2) await new Promise<void>((r) => (release = r));
      },
    });
    loop.start();
    await tick(20);
    expect(cycles).toBe(1);
    loop.kick();
    await tick(20);
    expect(cycles).toBe(2); // the second cycle is in progress
    loop.kick();
    release!();
    await tick(20);
    expect(cycles).toBe(3);
    await loop.stop();
  });

  it('backs off after failures (a kick does not cut the back-off) and recovers', async () => {
    let cycles = 0;
    const loop = new WorkerLoop({
      name: 'spec-fail',
      intervalMs: 60_000,
      backoff: { initialMs: 200, maxMs: 200 },
      cycle: async () => {
        cycles += 1;
        if (cycles <= 2) throw new Error('server down');
      },
    });
    loop.start();
    await tick(30);
    expect(cycles).toBe(1);
    expect(loop.consecutiveFailures).toBe(1);
    expect(await stateOf('spec-fail')).toBe(3); // backing off
    loop.kick();
    await tick(30);
    expect(cycles).toBe(1);
    await tick(600);
    expect(cycles).toBe(3);
    expect(loop.consecutiveFailures).toBe(0);
    const failures = await metricsRegistry.getSingleMetric('worker_cycle_failures_total')!.get();
    expect(failures.values.find((v) => v.labels.worker === 'spec-fail')?.value).toBe(2);
    await loop.stop();
  });

  it('stop() aborts the cycle signal and resolves when the cycle has ended', async () => {
    let aborted = false;
    const loop = new WorkerLoop({
      name: 'spec-stop',
      intervalMs: 60_000,
      cycle: async (signal) => {
        await new Promise<void>((r) => signal.addEventListener('abort', () => r()));
        aborted = true;
      },
    });
    loop.start();
    await tick(10);
    await loop.stop();
    expect(aborted).toBe(true);
    expect(loop.running).toBe(false);
  });
});
