import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorResponse, Roles } from '@event-tickets/service-kit';
import { EventResponse } from '../catalogue/event.responses';
import { EventId } from '../common/event-id';
import { CancelEventRequest } from './cancel-event.requests';
import { CancelEventUseCase } from './cancel-event.use-case';
import { SalesQuery, SalesResponse } from './sales.query';

const ID = { name: 'eventId', type: Number, example: 42 };

/** The organiser's view and control of an event's sale (ADMIN). */
@ApiTags('events')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse })
@ApiForbiddenResponse({ type: ErrorResponse, description: 'Admin access required' })
@ApiNotFoundResponse({ type: ErrorResponse, description: 'event is not found' })
@ApiBadRequestResponse({ type: ErrorResponse, description: 'the eventId must be an integer' })
@Roles('ADMIN')
@Controller('events/admin/:eventId')
export class CancellationController {
  constructor(
    private readonly cancelEvent: CancelEventUseCase,
    private readonly sales: SalesQuery,
  ) {}

  @Post('cancel')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Cancel an event (ADMIN): sales stop at once and every paid order is refunded (EVENT_CANCELLED_TOPIC); ' +
      'repeating it changes nothing',
  })
  @ApiParam(ID)
  @ApiOkResponse({ type: EventResponse, description: 'the event, status CANCELLED' })
  cancel(@EventId() eventId: number | undefined, @Body() body: CancelEventRequest): Promise<EventResponse> {
    return this.cancelEvent.execute(eventId, body?.reason);
  }

  @Get('sales')
  @ApiOperation({
    summary: "An event's sold, held and refunded seats and revenue, per type and in total (ADMIN)",
  })
  @ApiParam(ID)
  @ApiOkResponse({ type: SalesResponse })
  salesOf(@EventId() eventId: number | undefined): Promise<SalesResponse> {
    return this.sales.execute(eventId);
  }
}
