import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, backoffDelay, WorkerLoop } from '@event-tickets/service-kit';
import { paymentsMetrics } from '../common/payments.metrics';
import type { PaymentsEnv } from '../config/payments.env';
import { EventsClient } from './events.client';
import { HoldReleasesRepository, type HoldReleaseStore } from './hold-releases.repository';

/** Due releases claimed per cycle, all sent at once: the release calls' own bound on events. */
export const RELEASE_BATCH = 16;
const POLL_MS = 1000;
const RETRY = { initialMs: 1000, maxMs: 30_000 };

/**
 * Gives back every hold payments took and did not store a payment for: the request that failed
 * tries once at once; otherwise (events slow or down, a crash mid-purchase) the `hold_releases` row
 * is retried here, with a growing delay per row, until events confirms. Every replica drains the
 * table (claims are leased, so they share it), and a restart resumes from the table.
 */
@Injectable()
export class HoldReleaser implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HoldReleaser.name);
  private readonly loop: WorkerLoop;
  private readonly leaseMs: number;

  constructor(
    private readonly store: HoldReleasesRepository,
    private readonly events: EventsClient,
    config: AppConfig<PaymentsEnv>,
  ) {
    this.leaseMs = config.env.EVENTS_TIMEOUT_MS + 5000;
    this.loop = new WorkerLoop({
      name: 'hold-releases',
      intervalMs: POLL_MS,
      cycle: () => releaseDue(this.store, this.events, this.leaseMs, this.logger),
    });
  }

  onApplicationBootstrap() {
    this.loop.start();
  }

  async onApplicationShutdown() {
    await this.loop.stop();
  }

  /** A purchase failed after its hold was asked for: release now, else leave it to the loop. */
  async releaseNow(paymentId: string, eventId: string): Promise<void> {
    try {
      await this.events.release(paymentId, eventId);
      paymentsMetrics.holdReleases.inc({ outcome: 'released' });
      await this.store.forget(paymentId);
    } catch (error) {
      this.logger.warn({ paymentId, err: error }, 'hold not released yet; retried in the background');
      await this.store.dueNow(paymentId).catch(() => undefined);
      this.loop.kick();
    }
  }

  /** The hold request's outcome is unknown (events slow): release in the background at once. */
  async releaseLater(paymentId: string): Promise<void> {
    await this.store.dueNow(paymentId).catch((err: unknown) =>
      // The row stays due after its grace period: the release is only later.
      this.logger.warn({ paymentId, err }, 'could not bring the hold release forward'),
    );
    this.loop.kick();
  }
}

/** One cycle: claim due rows, release each on events; true when the batch was full (more to do). */
export async function releaseDue(
  store: HoldReleaseStore,
  events: Pick<EventsClient, 'release'>,
  leaseMs: number,
  logger: Pick<Logger, 'warn'>,
): Promise<boolean> {
  const due = await store.claim(RELEASE_BATCH, leaseMs);
  await Promise.all(
    due.map(async (row) => {
      try {
        await events.release(row.payment_id, row.event_id);
        paymentsMetrics.holdReleases.inc({ outcome: 'released' });
        await store.forget(row.payment_id);
      } catch (error) {
        paymentsMetrics.holdReleases.inc({ outcome: 'retry' });
        const delay = backoffDelay(row.attempts, RETRY);
        logger.warn({ paymentId: row.payment_id, attempts: row.attempts, err: error }, 'hold release failed');
        await store.retryLater(row.payment_id, delay, error instanceof Error ? error.message : String(error));
      }
    }),
  );
  return due.length >= RELEASE_BATCH;
}
