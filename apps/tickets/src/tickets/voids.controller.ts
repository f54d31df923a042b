import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorResponse, Internal } from '@event-tickets/service-kit';
import { VoidTicketsUseCase } from './void-tickets.use-case';
import { VoidTicketsRequest, VoidTicketsResponse } from './voids.requests';

/** Service-to-service (payments' refunds): `Authorization: Bearer <INTERNAL_API_TOKEN>` or `x-internal-token`. */
@ApiTags('internal: ticket voids')
@ApiBearerAuth()
@ApiHeader({ name: 'x-internal-token', required: false, description: 'instead of the Authorization header' })
@ApiForbiddenResponse({ type: ErrorResponse, description: 'no service token (user tokens are refused)' })
@Internal()
@Controller('internal')
export class VoidsController {
  constructor(private readonly voidTickets: VoidTicketsUseCase) {}

  @Post('payments/:paymentId/voids')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Void tickets of an order for a refund (idempotent per refund_id); a voided ticket is refused at the door',
  })
  @ApiParam({ name: 'paymentId' })
  @ApiOkResponse({ type: VoidTicketsResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'refund_id missing, passports not strings' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'TICKET_NOT_FOUND: a passport not of this order' })
  @ApiConflictResponse({
    type: ErrorResponse,
    description:
      'TICKET_CHECKED_IN (a named ticket was checked in), TICKET_ALREADY_VOIDED (by another refund), ' +
      'NOTHING_TO_REFUND (every ticket checked in or refunded), TICKETS_NOT_ISSUED (fewer tickets than the ' +
      "order's quantity so far, or none: try again in a moment)",
  })
  voids(
    @Param('paymentId') paymentId: string,
    @Body() body: VoidTicketsRequest,
  ): Promise<VoidTicketsResponse> {
    return this.voidTickets.execute({ paymentId, refundId: body.refund_id, passports: body.passports });
  }
}
