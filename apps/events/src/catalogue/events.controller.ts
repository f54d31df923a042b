import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorResponse, PageQuery, Roles } from '@event-tickets/service-kit';
import { EventId } from '../common/event-id';
import { CreateEventUseCase } from './create-event.use-case';
import { DeleteEventUseCase } from './delete-event.use-case';
import { CreateEventRequest, eventChanges, newEvent, UpdateEventRequest } from './event.requests';
import { EventListResponse, EventResponse } from './event.responses';
import { GetEventQuery } from './get-event.query';
import { ListEventsQuery } from './list-events.query';
import { UpdateEventUseCase } from './update-event.use-case';

const ID = { name: 'eventId', type: Number, example: 42 };
const BAD_ID = 'the eventId must be an integer';
const UNAUTHORIZED = 'no token found | token is expired | token is unauthorized';

@ApiTags('events')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: UNAUTHORIZED })
@Controller('events')
export class EventsController {
  constructor(
    private readonly listEvents: ListEventsQuery,
    private readonly getEvent: GetEventQuery,
    private readonly createEvent: CreateEventUseCase,
    private readonly updateEvent: UpdateEventUseCase,
    private readonly deleteEvent: DeleteEventUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'A page of events, newest first (any valid token)' })
  @ApiOkResponse({ type: EventListResponse })
  list(@Query() query: PageQuery): Promise<EventListResponse> {
    return this.listEvents.execute(query);
  }

  @Get(':eventId')
  @ApiOperation({ summary: 'One event (any valid token)' })
  @ApiParam(ID)
  @ApiOkResponse({ type: EventResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: BAD_ID })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'event is not found' })
  get(@EventId() eventId: number | undefined): Promise<EventResponse> {
    return this.getEvent.execute(eventId);
  }

  @Roles('ADMIN')
  @Post('admin')
  @ApiOperation({ summary: 'Create an event (ADMIN); 201 (the original answered 200)' })
  @ApiCreatedResponse({ type: EventResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'the first failing rule, e.g. "the name field is mandatory"',
  })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Admin access required' })
  create(@Body() body: CreateEventRequest): Promise<EventResponse> {
    return this.createEvent.execute(newEvent(body));
  }

  @Roles('ADMIN')
  @Put('admin/:eventId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change an event, partially (ADMIN)' })
  @ApiParam(ID)
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorResponse, description: `a failing rule, or ${BAD_ID}` })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Admin access required' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'event is not found' })
  @ApiConflictResponse({
    type: ErrorResponse,
    description: 'CAPACITY_BELOW_COMMITTED: capacity < sold + held',
  })
  async update(@EventId() eventId: number | undefined, @Body() body: UpdateEventRequest): Promise<void> {
    await this.updateEvent.execute(eventId, eventChanges(body));
  }

  @Roles('ADMIN')
  @Delete('admin/:eventId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an event (ADMIN) that has no seat held or sold' })
  @ApiParam(ID)
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorResponse, description: BAD_ID })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Admin access required' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'event is not found' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'EVENT_HAS_SEATS: seats are held or sold' })
  async remove(@EventId() eventId: number | undefined): Promise<void> {
    await this.deleteEvent.execute(eventId);
  }
}
