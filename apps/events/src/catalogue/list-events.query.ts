import { pageInfo, pageRequest, type PageInfo } from '@event-tickets/service-kit';
import { Injectable } from '@nestjs/common';
import type { EventView } from './event.record';
import { EventViews } from './event-views';
import { EventsRepository } from './events.repository';

/** Query: a page of the catalogue, newest first, with the original's pagination block. */
@Injectable()
export class ListEventsQuery {
  constructor(
    private readonly events: EventsRepository,
    private readonly views: EventViews,
  ) {}

  async execute(query: {
    page?: unknown;
    size?: unknown;
  }): Promise<{ events: EventView[]; pagination: PageInfo }> {
    const request = pageRequest(query);
    const { rows, total } = await this.events.page(request.offset, request.size);
    return { events: rows.map((r) => this.views.view(r)), pagination: pageInfo(request, total) };
  }
}
