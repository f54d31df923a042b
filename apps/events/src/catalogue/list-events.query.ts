import { pageInfo, pageRequest, type PageInfo } from '@event-tickets/service-kit';
import { Injectable } from '@nestjs/common';
import { toEventView, type EventView } from './event.record';
import { EventsRepository } from './events.repository';

/** Query: a page of the catalogue, newest first, with the original's pagination block. */
@Injectable()
export class ListEventsQuery {
  constructor(private readonly events: EventsRepository) {}

  async execute(query: {
    page?: unknown;
    size?: unknown;
  }): Promise<{ events: EventView[]; pagination: PageInfo }> {
    const request = pageRequest(query);
    const { rows, total } = await this.events.page(request.offset, request.size);
    return { events: rows.map(toEventView), pagination: pageInfo(request, total) };
  }
}
