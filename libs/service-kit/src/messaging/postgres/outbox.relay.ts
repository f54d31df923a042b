import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { contextFromHeaders, inProducerSpan } from '@event-tickets/telemetry';
import { AppConfig } from '../../config/app-config';
import type { KafkaEnv } from '../../config/env.fragments';
import { Database, type Sql } from '../../database/sql';
import { WorkerLoop } from '../../workers/worker-loop';
import { type BoundedPublishResult, publishBounded, recordBytes } from '../bounded-publish';
import { ConsumerHost } from '../consumer-host';
import { KafkaPublisher, type PublishRecord } from '../kafka-publisher';
import { messagingMetrics } from '../messaging.metrics';

interface OutboxRow {
  id: string;
  topic: string;
  key: string | null;
  payload: unknown;
  headers: Record<string, string>;
}

/** The longest a stopping app spends publishing what its last transactions wrote. */
const SHUTDOWN_DRAIN_MS = 5000;

/**
 * Claims a batch in `seq` order. SKIP LOCKED lets several replicas relay at once; a row is only taken
 * when no earlier unpublished row of the same key sits outside this batch (held by another relay, or
 * waiting for a retry), so messages of one key reach Kafka in the order they were written. Parked rows
 * are neither taken nor waited for: a message that can never be published does not hold its key.
 */
const CLAIM = `
  WITH batch AS (
    SELECT id, key, seq FROM outbox_messages
    WHERE published_at IS NULL AND parked_at IS NULL AND available_at <= now()
    ORDER BY seq
    LIMIT $1
    FOR UPDATE SKIP LOCKED
  )
  SELECT o.id, o.topic, o.key, o.payload, o.headers
  FROM outbox_messages o JOIN batch b ON b.id = o.id
  WHERE b.key IS NULL OR NOT EXISTS (
    SELECT 1 FROM outbox_messages e
    WHERE e.key = b.key AND e.published_at IS NULL AND e.parked_at IS NULL AND e.seq < b.seq
      AND e.id NOT IN (SELECT id FROM batch)
  )
  ORDER BY o.seq`;

const toRecord = (r: OutboxRow): PublishRecord => ({
  topic: r.topic,
  message: { key: r.key, value: JSON.stringify(r.payload), headers: r.headers },
});

/**
 * Publishes committed outbox rows with the idempotent producer and marks them published in the same
 * transaction that holds their locks. A crash between the two republishes (at-least-once; consumers
 * deduplicate by message id). Kicked right after a commit; polling is the safety net; a failing cycle
 * backs off (the worker loop's jittered back-off).
 *
 * A claimed batch goes out in sends of at most OUTBOX_BATCH_MAX_BYTES (so no partition's record batch
 * reaches the broker's size limit); a send the broker refuses as too large is split, and a message it
 * refuses alone is parked (`parked_at`, `park_reason`): logged, counted in `outbox_parked_messages`,
 * kept out of the cleanup, and skipped, so the messages behind it go on.
 */
@Injectable()
export class PostgresOutboxRelay
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(PostgresOutboxRelay.name);
  private readonly options: { batchSize: number; batchBytes: number; retentionHours: number };
  private readonly loop: WorkerLoop;
  private lastGauges = 0;
  private lastCleanup = 0;

  constructor(
    private readonly database: Database,
    private readonly publisher: KafkaPublisher,
    config: AppConfig<KafkaEnv>,
    // Looked up at shutdown, not injected: the consumers' inbox depends on this relay.
    @Optional() private readonly moduleRef?: ModuleRef,
  ) {
    this.options = {
      batchSize: config.env.OUTBOX_BATCH_SIZE,
      batchBytes: config.env.OUTBOX_BATCH_MAX_BYTES,
      retentionHours: config.env.OUTBOX_RETENTION_HOURS,
    };
    this.loop = new WorkerLoop({
      name: 'outbox-relay',
      intervalMs: config.env.OUTBOX_POLL_INTERVAL_MS,
      cycle: () => this.cycle(),
    });
  }

  onApplicationBootstrap() {
    this.start();
  }

  /**
   * On the way out: once the consumers have stopped (their last transactions may have written
   * messages), publish what is left while the producer and the pool are still open. Without it, a
   * replica that never starts again (handed back to the original's service) would leave them unsent.
   */
  async beforeApplicationShutdown() {
    await this.consumers()?.stop();
    await this.stop();
    await this.drain(SHUTDOWN_DRAIN_MS);
  }

  async onApplicationShutdown() {
    await this.stop();
  }

  private consumers(): ConsumerHost | undefined {
    try {
      return this.moduleRef?.get(ConsumerHost, { strict: false });
    } catch {
      return undefined; // an app without consumers
    }
  }

  /** Publishes until the outbox has nothing ready or `ms` pass; a failure is logged (the rows stay). */
  async drain(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    try {
      while (Date.now() < deadline && (await this.publishBatch()) > 0);
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox-relay: messages left unpublished at shutdown');
    }
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Publish now (called after a transaction that wrote messages has committed). */
  kick(): void {
    this.loop.kick();
  }

  /** One cycle; true when the batch was full (publish again at once). */
  private async cycle(): Promise<boolean> {
    let claimed: number;
    try {
      claimed = await this.publishBatch();
    } catch (error) {
      messagingMetrics.publishFailures.inc();
      throw error;
    }
    await this.housekeeping();
    return claimed >= this.options.batchSize;
  }

  /**
   * One claim–publish–mark cycle; returns how many rows it claimed. The outcome (published, parked,
   * rescheduled) is committed first; then a send failure that may pass is thrown, for the back-off.
   */
  async publishBatch(): Promise<number> {
    const { claimed, result } = await this.database.transaction(async (sql) => {
      const rows = await sql.query<OutboxRow>(CLAIM, [this.options.batchSize]);
      if (!rows.length) return { claimed: 0, result: undefined };
      const result = await inProducerSpan(rows[0]!.topic, contextFromHeaders(rows[0]!.headers), () =>
        publishBounded(rows, toRecord, (records) => this.publisher.send(records), this.options.batchBytes),
      );
      await this.record(sql, result);
      return { claimed: rows.length, result };
    });
    if (!result) return 0;
    for (const r of result.published) messagingMetrics.published.inc({ topic: r.topic });
    for (const { item, reason } of result.parked) {
      this.logger.error(
        { id: item.id, topic: item.topic, key: item.key, bytes: recordBytes(toRecord(item)), reason },
        'outbox message parked: Kafka refuses it; the messages behind it go on',
      );
    }
    if (result.failed) throw result.failed.error;
    return claimed;
  }

  private async record(sql: Sql, result: BoundedPublishResult<OutboxRow>): Promise<void> {
    if (result.published.length) {
      await sql.execute(
        `UPDATE outbox_messages SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1)`,
        [result.published.map((r) => r.id)],
      );
    }
    for (const { item, reason } of result.parked) {
      await sql.execute(
        `UPDATE outbox_messages SET parked_at = now(), park_reason = $2, last_error = $2, attempts = attempts + 1
         WHERE id = $1`,
        [item.id, reason.slice(0, 1000)],
      );
    }
    if (result.failed) {
      await sql.execute(
        `UPDATE outbox_messages SET attempts = attempts + 1, last_error = $2,
           available_at = now() + make_interval(secs => LEAST(10, 0.25 * power(2, LEAST(attempts, 8))))
         WHERE id = ANY($1)`,
        [result.failed.items.map((r) => r.id), String((result.failed.error as Error).message).slice(0, 1000)],
      );
    }
  }

  /**
   * Backlog gauges at most once a second (a busy relay cycles per commit); published rows deleted
   * once a minute (parked rows are unpublished: they stay until an operator re-queues or deletes them).
   */
  private async housekeeping(): Promise<void> {
    if (Date.now() - this.lastGauges < 1000) return;
    this.lastGauges = Date.now();
    const stats = await this.database.query<{
      topic: string;
      pending: number;
      parked: number;
      oldest: number | null;
    }>(
      `SELECT topic,
              count(*) FILTER (WHERE parked_at IS NULL)::int AS pending,
              count(*) FILTER (WHERE parked_at IS NOT NULL)::int AS parked,
              EXTRACT(EPOCH FROM now() - min(created_at) FILTER (WHERE parked_at IS NULL))::float AS oldest
       FROM outbox_messages WHERE published_at IS NULL GROUP BY topic`,
    );
    messagingMetrics.pending.set(stats.reduce((n, s) => n + s.pending, 0));
    messagingMetrics.oldestAge.set(Math.max(0, ...stats.map((s) => s.oldest ?? 0)));
    messagingMetrics.parked.reset();
    for (const s of stats) if (s.parked) messagingMetrics.parked.set({ topic: s.topic }, s.parked);
    if (Date.now() - this.lastCleanup < 60_000) return;
    this.lastCleanup = Date.now();
    await this.database.execute(
      `DELETE FROM outbox_messages WHERE published_at < now() - make_interval(secs => $1::float8 * 3600)`,
      [this.options.retentionHours],
    );
    await this.database.execute(`DELETE FROM inbox_messages WHERE processed_at < now() - interval '7 days'`);
  }
}
