import { Injectable } from '@nestjs/common';
import { writeMetadata } from '@event-tickets/contracts';
import { AppConfig } from '../../config/app-config';
import type { KafkaEnv } from '../../config/env.fragments';
import type { Sql } from '../../database/sql';
import type { OutgoingMessage } from '../outgoing-message';

/**
 * Writes messages into the outbox with the caller's statements (a UnitOfWork's transaction): they
 * commit or roll back with the state change.
 */
@Injectable()
export class OutboxWriter {
  constructor(private readonly config: AppConfig<KafkaEnv>) {}

  async enqueue(sql: Sql, messages: OutgoingMessage[]): Promise<void> {
    if (!messages.length) return;
    const params: unknown[] = [];
    const rows = messages.map((m) => {
      const headers = writeMetadata({
        messageId: m.messageId,
        messageType: m.type,
        schemaVersion: m.version,
        occurredAt: m.occurredAt,
        producer: this.config.service,
        correlationId: m.correlationId ?? m.messageId,
        traceparent: m.traceparent,
        tracestate: m.tracestate,
      });
      params.push(
        m.messageId,
        this.config.env[m.topicVariable],
        m.key,
        m.type,
        m.version,
        m.payload,
        headers,
      );
      const n = params.length;
      return `($${n - 6}, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
    });
    // Prepared per batch size (the text depends only on it): every published message passes here.
    await sql.prepared(
      `outbox_enqueue_${messages.length}`,
      `INSERT INTO outbox_messages (id, topic, key, type, version, payload, headers) VALUES ${rows.join(', ')}`,
      params,
    );
  }
}
