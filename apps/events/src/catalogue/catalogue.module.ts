import { Module } from '@nestjs/common';
import { CancelEventUseCase } from '../cancellation/cancel-event.use-case';
import { CancellationController } from '../cancellation/cancellation.controller';
import { SalesQuery } from '../cancellation/sales.query';
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

/**
 * The catalogue: the original's five routes, with capacity and availability, ticket types, and the
 * organiser's cancellation and sales routes.
 */
@Module({
  controllers: [EventsController, TicketTypesController, CancellationController],
  providers: [
    EventsRepository,
    EventViews,
    CancelEventUseCase,
    SalesQuery,
    TicketTypesRepository,
    ListEventsQuery,
    GetEventQuery,
    CreateEventUseCase,
    UpdateEventUseCase,
    DeleteEventUseCase,
  ],
})
export class CatalogueModule {}
