import { Injectable, Logger } from '@nestjs/common';
import { Events, type PayloadOf } from '@event-tickets/contracts';
import {
  Consumes,
  type PostgresMessageContext,
  type PostgresMessageHandler,
} from '@event-tickets/service-kit';
import { prefixedGroup } from '../common/consumer-groups';
import { RefundsRepository } from './refunds.repository';
import { RefundsWorker } from './refunds.worker';

/**
 * EVENT_CANCELLED: the event is recorded cancelled (a payment of it that settles later is refunded
 * instead of sold) and every paid order of it gets a whole-order refund, which the worker carries
 * out. Under the event's exclusive lock, so no settle of the event slips between the two; a
 * redelivery inserts nothing twice (one cancellation refund per payment).
 */
@Injectable()
@Consumes(Events.EventCancelledV1, { group: prefixedGroup('group-payments-event-cancelled') })
export class EventCancelledConsumer implements PostgresMessageHandler<typeof Events.EventCancelledV1> {
  private readonly logger = new Logger(EventCancelledConsumer.name);

  constructor(
    private readonly refunds: RefundsRepository,
    private readonly worker: RefundsWorker,
  ) {}

  async handle(payload: PayloadOf<typeof Events.EventCancelledV1>, ctx: PostgresMessageContext) {
    const eventId = payload.event_id;
    const at = new Date(payload.cancelled_at);
    await this.refunds.lockEvent(ctx.tx, eventId, 'exclusive');
    await this.refunds.recordCancellation(ctx.tx, eventId, Number.isNaN(at.getTime()) ? new Date() : at);
    const orders = await this.refunds.insertCancellationRefunds(ctx.tx, eventId);
    this.logger.log({ eventId, orders }, 'event cancelled: its paid orders are being refunded');
    // The refunds commit with this message; the worker's next poll (at most a second) picks them up.
    setTimeout(() => this.worker.kick(), 100).unref();
  }
}
