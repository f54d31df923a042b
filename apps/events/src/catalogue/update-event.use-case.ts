import { Injectable } from '@nestjs/common';
import { catalogueError, eventCancelled, eventNotFound } from './catalogue.errors';
import type { EventChanges } from './event-rules';
import { EventsRepository } from './events.repository';

/**
 * Command: change an event (ADMIN), partially as the original did. A capacity below the seats already
 * held or sold is refused (409) rather than overselling.
 */
@Injectable()
export class UpdateEventUseCase {
  constructor(private readonly events: EventsRepository) {}

  async execute(id: number | undefined, changes: EventChanges): Promise<void> {
    if (id === undefined) throw eventNotFound();
    const outcome = await this.events.update(id, changes);
    switch (outcome) {
      case 'updated':
        return;
      case 'not_found':
        throw eventNotFound();
      case 'cancelled':
        throw eventCancelled();
      case 'capacity_below_committed':
        throw catalogueError(
          'CAPACITY_BELOW_COMMITTED',
          'the capacity field cannot be less than the seats already sold or held',
        );
    }
  }
}
