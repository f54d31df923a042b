import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ErrorResponse, Internal, UnitOfWork } from '@event-tickets/service-kit';
import { EventId } from '../common/event-id';
import { ConfirmHoldUseCase } from './confirm-hold.use-case';
import { ExtendHoldUseCase } from './extend-hold.use-case';
import { HoldSeatUseCase } from './hold-seat.use-case';
import {
  ConfirmResponse,
  ExtendResponse,
  HoldResponse,
  HoldSeatRequest,
  ReleaseHoldRequest,
  ReleaseResponse,
} from './holds.requests';
import { ReleaseHoldUseCase } from './release-hold.use-case';

/** Service-to-service (payments): `Authorization: Bearer <INTERNAL_API_TOKEN>` or `x-internal-token`. */
@ApiTags('internal: seat holds')
@ApiBearerAuth()
@ApiHeader({ name: 'x-internal-token', required: false, description: 'instead of the Authorization header' })
@ApiForbiddenResponse({ type: ErrorResponse, description: 'no service token (user tokens are refused)' })
@Internal()
@Controller('internal')
export class HoldsController {
  constructor(
    private readonly holdSeat: HoldSeatUseCase,
    private readonly confirmHold: ConfirmHoldUseCase,
    private readonly releaseHold: ReleaseHoldUseCase,
    private readonly extendHold: ExtendHoldUseCase,
    private readonly uow: UnitOfWork,
  ) {}

  @Post('events/:eventId/holds')
  @ApiOperation({ summary: 'Hold a seat for a payment (idempotent per payment_id)' })
  @ApiParam({ name: 'eventId', type: Number })
  @ApiCreatedResponse({ type: HoldResponse, description: 'a seat was taken' })
  @ApiOkResponse({ type: HoldResponse, description: 'this payment already holds (or bought) a seat' })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description:
      'eventId not an integer, payment_id missing, a bad quantity or ticket_type_id; QUANTITY_ABOVE_LIMIT ' +
      '(details.max_tickets_per_order)',
  })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'EVENT_NOT_FOUND | TICKET_TYPE_NOT_FOUND' })
  @ApiConflictResponse({
    type: ErrorResponse,
    description:
      'SOLD_OUT (details.available: seats left of that type), SALE_NOT_STARTED, SALE_ENDED, EVENT_CANCELLED, ' +
      'HOLD_CONFLICT (payment holds another event), or HOLD_RELEASED (this payment was released)',
  })
  async hold(
    @EventId() eventId: number | undefined,
    @Body() body: HoldSeatRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HoldResponse> {
    const { created, hold } = await this.holdSeat.execute({
      eventId,
      paymentId: body.payment_id,
      ttlSeconds: body.ttl_seconds,
      quantity: body.quantity,
      ticketTypeId: body.ticket_type_id,
    });
    void reply.status(created ? 201 : 200);
    return hold;
  }

  @Post('holds/:paymentId/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'The payment succeeded: the hold becomes a sale (idempotent)' })
  @ApiParam({ name: 'paymentId' })
  @ApiOkResponse({ type: ConfirmResponse })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'HOLD_NOT_FOUND' })
  @ApiConflictResponse({
    type: ErrorResponse,
    description:
      'HOLD_LOST: expired and sold out meanwhile; EVENT_CANCELLED: expired and the event was cancelled',
  })
  confirm(@Param('paymentId') paymentId: string): Promise<ConfirmResponse> {
    return this.uow.run((tx) => this.confirmHold.execute({ paymentId }, tx));
  }

  @Post('holds/:paymentId/extend')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The payment is stored: its hold lasts HOLD_TTL_SECONDS from now (idempotent, never shortened)',
  })
  @ApiParam({ name: 'paymentId' })
  @ApiOkResponse({ type: ExtendResponse, description: 'HELD (extended) or SOLD (unchanged)' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'HOLD_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'HOLD_RELEASED' })
  extend(@Param('paymentId') paymentId: string): Promise<ExtendResponse> {
    return this.uow.run((tx) => this.extendHold.execute({ paymentId }, tx));
  }

  @Post('holds/:paymentId/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'The payment failed or was abandoned: the seat goes back on sale (idempotent)' })
  @ApiParam({ name: 'paymentId' })
  @ApiOkResponse({ type: ReleaseResponse })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'HOLD_NOT_FOUND (unknown payment, no event_id)' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'ALREADY_SOLD' })
  release(@Param('paymentId') paymentId: string, @Body() body: ReleaseHoldRequest): Promise<ReleaseResponse> {
    return this.uow.run((tx) =>
      this.releaseHold.execute({ paymentId, reason: 'request', eventId: body?.event_id }, tx),
    );
  }
}
