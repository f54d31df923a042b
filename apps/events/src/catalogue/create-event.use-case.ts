import { Injectable } from '@nestjs/common';
import { catalogueError } from './catalogue.errors';
import { toEventView, type EventView } from './event.record';
import { readEventBody, validateNewEvent } from './event-rules';
import { EventsRepository } from './events.repository';

/** Command: a new event (ADMIN). The body is checked by the original's rules, in its order. */
@Injectable()
export class CreateEventUseCase {
  constructor(private readonly events: EventsRepository) {}

  async execute(body: unknown): Promise<EventView> {
    const read = readEventBody(body);
    if (!read.ok) throw catalogueError('INVALID_EVENT', read.message);
    const checked = validateNewEvent(read.value, new Date());
    if (!checked.ok) throw catalogueError('INVALID_EVENT', checked.message);
    return toEventView(await this.events.insert(checked.value));
  }
}
