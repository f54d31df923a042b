import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { contextFromHeaders, inProducerSpan } from '@event-tickets/telemetry';
import { AppConfig } from '../../config/app-config';
import type { KafkaEnv } from '../../config/env.fragments';
import { Database } from '../../database/sql';
import { WorkerLoop } from '../../workers/worker-loop';
import { KafkaPublisher } from '../kafka-publisher';
import { messagingMetrics } from '../messaging.metrics';

interface OutboxRow {
  id: string;
  topic: string;
  key: string | null;
  payload: unknown;
  headers: Record<string, string>;
}

/**
 * Claims a batch in `seq` order. SKIP LOCKED lets several replicas relay at once; a row is only taken
 * when no earlier unpublished row of the same key sits outside this batch (held by another relay, or
 * waiting for a retry), so messages of one key reach Kafka in the order they were written.
 */
const CLAIM = `
  WITH batch AS (
    SELECT id, key, seq FROM outbox_messages
    WHERE published_at IS NULL AND available_at <= now()
    ORDER BY seq
    LIMIT $1
    FOR UPDATE SKIP LOCKED
  )
  SELECT o.id, o.topic, o.key, o.payload, o.headers
  FROM outbox_messages o JOIN batch b ON b.id = o.id
  WHERE b.key IS NULL OR NOT EXISTS (
    SELECT 1 FROM outbox_messages e
    WHERE e.key = b.key AND e.published_at IS NULL AND e.seq < b.seq
      AND e.id NOT IN (SELECT id FROM batch)
  )
  ORDER BY o.seq`;

/**
 * Publishes committed outbox rows with the idempotent producer and marks them published in the same
 * transaction that holds their locks. A crash between the two republishes (at-least-once; consumers
 * deduplicate by message id). Kicked right after a commit; polling is the safety net; a failing cycle
 * backs off (the worker loop's jittered back-off).
 */
@Injectable()
export class PostgresOutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly options: { batchSize: number; retentionHours: number };
  private readonly loop: WorkerLoop;
  private lastGauges = 0;
  private lastCleanup = 0;

  constructor(
    private readonly database: Database,
    private readonly publisher: KafkaPublisher,
    config: AppConfig<KafkaEnv>,
  ) {
    this.options = {
      batchSize: config.env.OUTBOX_BATCH_SIZE,
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

  async onApplicationShutdown() {
    await this.stop();
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
    let published: number;
    try {
      published = await this.publishBatch();
    } catch (error) {
      messagingMetrics.publishFailures.inc();
      throw error;
    }
    await this.housekeeping();
    return published >= this.options.batchSize;
  }

  /** One claim–publish–mark cycle; returns how many messages were published. */
  async publishBatch(): Promise<number> {
    return this.database.transaction(async (sql) => {
      const rows = await sql.query<OutboxRow>(CLAIM, [this.options.batchSize]);
      if (!rows.length) return 0;
      const ids = rows.map((r) => r.id);
      try {
        await inProducerSpan(rows[0]!.topic, contextFromHeaders(rows[0]!.headers), () =>
          this.publisher.send(
            rows.map((r) => ({
              topic: r.topic,
              message: { key: r.key, value: JSON.stringify(r.payload), headers: r.headers },
            })),
          ),
        );
      } catch (error) {
        await sql.execute(
          `UPDATE outbox_messages SET attempts = attempts + 1, last_error = $2,
             available_at = now() + make_interval(secs => LEAST(10, 0.25 * power(2, LEAST(attempts, 8))))
           WHERE id = ANY($1)`,
          [ids, String((error as Error).message).slice(0, 1000)],
        );
        throw error;
      }
      await sql.execute(
        `UPDATE outbox_messages SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1)`,
        [ids],
      );
      for (const r of rows) messagingMetrics.published.inc({ topic: r.topic });
      return rows.length;
    });
  }

  /** Backlog gauges at most once a second (a busy relay cycles per commit); old rows deleted once a minute. */
  private async housekeeping(): Promise<void> {
    if (Date.now() - this.lastGauges < 1000) return;
    this.lastGauges = Date.now();
    const [stats] = await this.database.query<{ pending: number; oldest: number }>(
      `SELECT count(*)::int AS pending, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float AS oldest
       FROM outbox_messages WHERE published_at IS NULL`,
    );
    messagingMetrics.pending.set(stats!.pending);
    messagingMetrics.oldestAge.set(stats!.oldest);
    if (Date.now() - this.lastCleanup < 60_000) return;
    this.lastCleanup = Date.now();
    await this.database.execute(
      `DELETE FROM outbox_messages WHERE published_at < now() - make_interval(hours => $1)`,
      [this.options.retentionHours],
    );
    await this.database.execute(`DELETE FROM inbox_messages WHERE processed_at < now() - interval '7 days'`);
  }
}
