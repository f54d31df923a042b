import { Injectable } from '@nestjs/common';
import { eventNotFound } from './catalogue.errors';
import type { EventView } from './event.record';
import { EventViews } from './event-views';
import { EventsRepository } from './events.repository';

/** Query: one event, with what is left of its capacity. */
@Injectable()
export class GetEventQuery {
  constructor(
    private readonly events: EventsRepository,
    private readonly views: EventViews,
  ) {}

  async execute(id: number | undefined): Promise<EventView> {
    const row = id === undefined ? undefined : await this.events.findById(id);
    if (!row) throw eventNotFound();
    return this.views.view(row);
  }
}
