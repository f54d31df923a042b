import { Module } from '@nestjs/common';
import { CreateEventUseCase } from './create-event.use-case';
import { DeleteEventUseCase } from './delete-event.use-case';
import { EventsController } from './events.controller';
import { EventViews } from './event-views';
import { EventsRepository } from './events.repository';
import { GetEventQuery } from './get-event.query';
import { ListEventsQuery } from './list-events.query';
import { TicketTypesController } from './ticket-types.controller';
import { TicketTypesRepository } from './ticket-types.repository';
import { UpdateEventUseCase } from './update-event.use-case';

/** The catalogue: the original's five routes, with capacity and availability. */
@Module({
  controllers: [EventsController, TicketTypesController],
  providers: [
    EventsRepository,
    EventViews,
    TicketTypesRepository,
    ListEventsQuery,
    GetEventQuery,
    CreateEventUseCase,
    UpdateEventUseCase,
    DeleteEventUseCase,
  ],
})
export class CatalogueModule {}
