import { Injectable } from '@nestjs/common';
import { eventNotFound } from './catalogue.errors';
import { toEventView, type EventView } from './event.record';
import { EventsRepository } from './events.repository';

/** Query: one event, with what is left of its capacity. */
@Injectable()
export class GetEventQuery {
  constructor(private readonly events: EventsRepository) {}

  async execute(id: number | undefined): Promise<EventView> {
    const row = id === undefined ? undefined : await this.events.findById(id);
    if (!row) throw eventNotFound();
    return toEventView(row);
  }
}
