import { Injectable } from '@nestjs/common';
import { Events } from '@event-tickets/contracts';
import { outgoing, UnitOfWork } from '@event-tickets/service-kit';
import { eventNotFound } from '../catalogue/catalogue.errors';
import type { EventView } from '../catalogue/event.record';
import { EventViews } from '../catalogue/event-views';
import { EventsRepository } from '../catalogue/events.repository';
import { seatMetrics } from '../holds/holds.metrics';

/**
 * Command (ADMIN): cancel an event. In one transaction the event turns CANCELLED (new holds and the
 * retaking of released ones are refused from its commit on) and EVENT_CANCELLED goes to the outbox,
 * for payments to refund every paid order. Repeating it changes nothing and writes no second message.
 */
@Injectable()
export class CancelEventUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: EventsRepository,
    private readonly views: EventViews,
  ) {}

  async execute(id: number | undefined, reason: string | undefined): Promise<EventView> {
    if (id === undefined) throw eventNotFound();
    return this.uow.run(async (tx) => {
      const [cancelled] = await tx.query<{ name: string; cancelled_at: Date }>(
        `UPDATE events SET status = 'CANCELLED', cancelled_at = now(), cancel_reason = $2, updated_at = now()
         WHERE id = $1 AND status = 'ON_SALE' RETURNING name, cancelled_at`,
        [id, reason ?? null],
      );
      if (cancelled) {
        await tx.publish(
          outgoing(
            Events.EventCancelledV1,
            {
              event_id: String(id),
              event_name: cancelled.name,
              cancelled_at: cancelled.cancelled_at.toISOString(),
              reason: reason ?? '',
            },
            { key: String(id) },
          ),
        );
        seatMetrics.cancelled.inc();
      }
      const row = await this.events.findById(id, tx);
      if (!row) throw eventNotFound();
      return this.views.view(row);
    });
  }
}
