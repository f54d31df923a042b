import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { contextFromHeaders, inProducerSpan } from '@event-tickets/telemetry';
import { AppConfig } from '../../config/app-config';
import type { KafkaEnv } from '../../config/env.fragments';
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
 * deduplicate by message id). Kicked right after a commit; polling is the safety net.
 */
@Injectable()
export class PostgresOutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PostgresOutboxRelay.name);
  private readonly options: { batchSize: number; pollIntervalMs: number; retentionHours: number };
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private kicked = false;
  private lastGauges = 0;
  private failures = 0;
  private lastCleanup = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: KafkaPublisher,
    config: AppConfig<KafkaEnv>,
  ) {
    this.options = {
      batchSize: config.env.OUTBOX_BATCH_SIZE,
      pollIntervalMs: config.env.OUTBOX_POLL_INTERVAL_MS,
      retentionHours: config.env.OUTBOX_RETENTION_HOURS,
    };
  }

  onApplicationBootstrap() {
    this.start();
  }

  async onApplicationShutdown() {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Publish now (called after a transaction that wrote messages has committed). */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.publishBatch();
        this.failures = 0;
        await this.housekeeping();
      } catch (error) {
        this.failures += 1;
        messagingMetrics.publishFailures.inc();
        this.logger.warn({ err: error, failures: this.failures }, 'outbox relay: publish failed, will retry');
      }
      if (published >= this.options.batchSize) continue;
      const backoff = this.failures
        ? Math.min(10_000, 250 * 2 ** Math.min(this.failures, 6))
        : this.options.pollIntervalMs;
      await this.sleep(this.failures ? backoff : this.options.pollIntervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.kicked && !this.failures) {
      this.kicked = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        this.kicked = false;
        done();
      };
    });
  }

  /** One claim–publish–mark cycle; returns how many messages were published. */
  async publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(CLAIM, [this.options.batchSize]);
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
        await manager.query(
          `UPDATE outbox_messages SET attempts = attempts + 1, last_error = $2,
             available_at = now() + make_interval(secs => LEAST(10, 0.25 * power(2, LEAST(attempts, 8))))
           WHERE id = ANY($1)`,
          [ids, String((error as Error).message).slice(0, 1000)],
        );
        throw error;
      }
      await manager.query(
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
    const [stats] = await this.dataSource.query(
      `SELECT count(*)::int AS pending, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float AS oldest
       FROM outbox_messages WHERE published_at IS NULL`,
    );
    messagingMetrics.pending.set(stats.pending);
    messagingMetrics.oldestAge.set(stats.oldest);
    if (Date.now() - this.lastCleanup < 60_000) return;
    this.lastCleanup = Date.now();
    await this.dataSource.query(
      `DELETE FROM outbox_messages WHERE published_at < now() - make_interval(hours => $1)`,
      [this.options.retentionHours],
    );
    await this.dataSource.query(`DELETE FROM inbox_messages WHERE processed_at < now() - interval '7 days'`);
  }
}
