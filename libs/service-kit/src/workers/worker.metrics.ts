import { counter, gauge } from '@event-tickets/telemetry';

/** The values of `worker_state`. */
export const WORKER_STATES = { stopped: 0, idle: 1, working: 2, backing_off: 3 } as const;
export type WorkerState = keyof typeof WORKER_STATES;

export const workerMetrics = {
  state: gauge({
    name: 'worker_state',
    help: 'State of a background worker loop: 0 stopped, 1 idle, 2 working, 3 backing off after a failure',
    labelNames: ['worker'] as const,
  }),
  failures: counter({
    name: 'worker_cycle_failures_total',
    help: 'Cycles of a background worker loop that failed (it backs off and tries again)',
    labelNames: ['worker'] as const,
  }),
};
