import { Injectable } from '@nestjs/common';
import { catalogueError, eventNotFound } from './catalogue.errors';
import { EventsRepository } from './events.repository';

/** Command: remove an event (ADMIN) — only while no seat of it is held or sold (else 409). */
@Injectable()
export class DeleteEventUseCase {
  constructor(private readonly events: EventsRepository) {}

  async execute(id: number | undefined): Promise<void> {
    if (id === undefined) throw eventNotFound();
    const outcome = await this.events.delete(id);
    switch (outcome) {
      case 'deleted':
        return;
      case 'not_found':
        throw eventNotFound();
      case 'has_seats':
        throw catalogueError('EVENT_HAS_SEATS', 'the event has seats held or sold and cannot be deleted');
    }
  }
}
