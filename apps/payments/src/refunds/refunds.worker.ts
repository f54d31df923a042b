import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { backoffDelay, WorkerLoop } from '@event-tickets/service-kit';
import type { RefundRow } from './refund';
import type { RefundOutcome } from './refund-processor';
import { RefundProcessor } from './refund-processor';
import { RefundsRepository } from './refunds.repository';

export const REFUND_BATCH = 16;
const POLL_MS = 1000;
/** A claimed refund is the worker's for this long (tickets' and the gateway's calls fit in it). */
const LEASE_MS = 30_000;
const RETRY = { initialMs: 1000, maxMs: 60_000 };

type Store = Pick<RefundsRepository, 'claimDue' | 'retryLater'>;
type Processor = Pick<RefundProcessor, 'run'>;

/**
 * Finishes refunds nobody is finishing: left REQUESTED or VOIDED by a crash, by a tickets outage, or
 * by a cancellation whose tickets were not all issued yet (retried with a growing delay per row).
 * Every replica drains the table (claims are leased), and a restart resumes from it.
 */
@Injectable()
export class RefundsWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RefundsWorker.name);
  private readonly loop: WorkerLoop;

  constructor(store: RefundsRepository, processor: RefundProcessor) {
    this.loop = new WorkerLoop({
      name: 'refunds',
      intervalMs: POLL_MS,
      cycle: () => resumeDue(store, processor, this.logger),
    });
  }

  onApplicationBootstrap() {
    this.loop.start();
  }

  async onApplicationShutdown() {
    await this.loop.stop();
  }

  kick(): void {
    this.loop.kick();
  }
}

/** One cycle: claim due refunds and run what is left of each; true when the batch was full. */
export async function resumeDue(
  store: Store,
  processor: Processor,
  logger: Pick<Logger, 'warn'>,
): Promise<boolean> {
  const due = await store.claimDue(REFUND_BATCH, LEASE_MS);
  await Promise.all(due.map((refund) => resumeOne(refund, store, processor, logger)));
  return due.length >= REFUND_BATCH;
}

async function resumeOne(
  refund: RefundRow,
  store: Store,
  processor: Processor,
  logger: Pick<Logger, 'warn'>,
) {
  let outcome: RefundOutcome | undefined;
  let error: string | undefined;
  try {
    outcome = await processor.run(refund);
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  if (outcome && outcome.outcome !== 'pending') return;
  const delay = backoffDelay(refund.attempts, RETRY);
  logger.warn({ refundId: refund.id, attempts: refund.attempts, error, outcome }, 'refund not finished yet');
  await store.retryLater(refund.id, delay, error ?? outcome?.code ?? 'pending');
}
