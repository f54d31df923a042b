import { Injectable } from '@nestjs/common';
import { toEventView, type EventView } from './event.record';
import type { NewEvent } from './event-rules';
import { EventsRepository } from './events.repository';

/** Command: a new event (ADMIN), from a body the original's rules accepted (CreateEventRequest). */
@Injectable()
export class CreateEventUseCase {
  constructor(private readonly events: EventsRepository) {}

  async execute(event: NewEvent): Promise<EventView> {
    return toEventView(await this.events.insert(event));
  }
}
