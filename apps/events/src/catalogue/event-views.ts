import { Injectable } from '@nestjs/common';
import { AppConfig } from '@event-tickets/service-kit';
import type { EventsEnv } from '../config/events.env';
import { type EventDefaults, type EventRow, toEventView, type EventView } from './event.record';

/** Event rows as answered, with the env's defaults for what an event does not name itself. */
@Injectable()
export class EventViews {
  readonly defaults: EventDefaults;

  constructor(config: AppConfig<EventsEnv>) {
    this.defaults = {
      maxTicketsPerOrder: config.env.MAX_TICKETS_PER_ORDER,
      refundCutoffHours: config.env.REFUND_CUTOFF_HOURS,
    };
  }

  view(row: EventRow): EventView {
    return toEventView(row, this.defaults);
  }
}
