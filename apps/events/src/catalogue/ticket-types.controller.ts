import { Body, Controller, Delete, HttpCode, Post, Put } from '@nestjs/common';
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
import { ErrorResponse, Roles } from '@event-tickets/service-kit';
import { EventId, TypeId } from '../common/event-id';
import { eventNotFound, ticketTypeNotFound } from './catalogue.errors';
import { toTicketTypeView } from './ticket-type';
import {
  AddTicketTypeRequest,
  ChangeTicketTypeRequest,
  newTicketType,
  ticketTypeChanges,
  TicketTypeResponse,
} from './ticket-type.requests';
import { TicketTypesRepository } from './ticket-types.repository';

const EVENT = { name: 'eventId', type: Number, example: 42 };
const TYPE = { name: 'typeId', type: Number, example: 7 };
const NOT_FOUND = 'EVENT_NOT_FOUND | TICKET_TYPE_NOT_FOUND';

/** An event's ticket types beside its default one (ADMIN). */
@ApiTags('events')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse })
@ApiForbiddenResponse({ type: ErrorResponse, description: 'Admin access required' })
@Roles('ADMIN')
@Controller('events/admin/:eventId/ticket-types')
export class TicketTypesController {
  constructor(private readonly types: TicketTypesRepository) {}

  @Post()
  @ApiOperation({ summary: 'Add a ticket type to an event (ADMIN)' })
  @ApiParam(EVENT)
  @ApiCreatedResponse({ type: TicketTypeResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'INVALID_TICKET_TYPE' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'EVENT_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'EVENT_CANCELLED' })
  async add(
    @EventId() eventId: number | undefined,
    @Body() body: AddTicketTypeRequest,
  ): Promise<TicketTypeResponse> {
    if (eventId === undefined) throw eventNotFound();
    return toTicketTypeView(await this.types.add(eventId, newTicketType(body)));
  }

  @Put(':typeId')
  @ApiOperation({ summary: "Change a type's name, price, capacity or sale window (ADMIN)" })
  @ApiParam(EVENT)
  @ApiParam(TYPE)
  @ApiOkResponse({ type: TicketTypeResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'INVALID_TICKET_TYPE' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: NOT_FOUND })
  @ApiConflictResponse({ type: ErrorResponse, description: 'CAPACITY_BELOW_SOLD | EVENT_CANCELLED' })
  async change(
    @EventId() eventId: number | undefined,
    @TypeId() typeId: number | undefined,
    @Body() body: ChangeTicketTypeRequest,
  ): Promise<TicketTypeResponse> {
    if (eventId === undefined) throw eventNotFound();
    if (typeId === undefined) throw ticketTypeNotFound();
    return toTicketTypeView(await this.types.change(eventId, typeId, ticketTypeChanges(body)));
  }

  @Delete(':typeId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a type without seats held or sold (ADMIN); never the default one' })
  @ApiParam(EVENT)
  @ApiParam(TYPE)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponse, description: NOT_FOUND })
  @ApiConflictResponse({ type: ErrorResponse, description: 'TICKET_TYPE_IN_USE' })
  async remove(@EventId() eventId: number | undefined, @TypeId() typeId: number | undefined): Promise<void> {
    if (eventId === undefined) throw eventNotFound();
    if (typeId === undefined) throw ticketTypeNotFound();
    await this.types.remove(eventId, typeId);
  }
}
