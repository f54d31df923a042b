import { Injectable } from '@nestjs/common';
import type { EventView } from './event.record';
import { EventViews } from './event-views';
import type { NewEvent } from './event-rules';
import { EventsRepository } from './events.repository';

/** Command: a new event (ADMIN), from a body the original's rules accepted (CreateEventRequest). */
@Injectable()
export class CreateEventUseCase {
  constructor(
    private readonly events: EventsRepository,
    private readonly views: EventViews,
  ) {}

  async execute(event: NewEvent): Promise<EventView> {
    return this.views.view(await this.events.insert(event));
  }
}
