import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type AuthUser, CurrentUser, ErrorResponse } from '@event-tickets/service-kit';
import { ListRefundsQuery } from './list-refunds.query';
import { CreateRefundRequest, RefundListResponse, RefundResponse } from './refund.requests';
import { RequestRefundUseCase } from './request-refund.use-case';

@ApiTags('refunds')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'no token found | token is expired' })
@Controller('payments')
export class RefundsController {
  constructor(
    private readonly requestRefund: RequestRefundUseCase,
    private readonly listRefunds: ListRefundsQuery,
  ) {}

  @Post(':id/refunds')
  @ApiOperation({
    summary: 'Refund a paid order, or some of its tickets (the buyer until the cutoff, or an admin)',
    description:
      "tickets voids the tickets, the gateway gives the money back (unit price × tickets; the order's last " +
      'tickets take the rest, so the refunds sum to the amount), PAYMENT_REFUNDED_TOPIC puts the seats back ' +
      'on sale, and the buyer gets one refund email.',
  })
  @ApiCreatedResponse({ type: RefundResponse, description: 'refunded (status COMPLETED)' })
  @ApiAcceptedResponse({
    type: RefundResponse,
    description: 'tickets could not be reached: status REQUESTED, finished in the background',
  })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'INVALID_PAYMENT_ID | invalid passports' })
  @ApiForbiddenResponse({
    type: ErrorResponse,
    description: 'NOT_YOUR_PAYMENT: neither the buyer nor an admin',
  })
  @ApiNotFoundResponse({
    type: ErrorResponse,
    description: 'PAYMENT_NOT_FOUND | TICKET_NOT_FOUND (a passport not of this order)',
  })
  @ApiConflictResponse({
    type: ErrorResponse,
    description:
      'NOT_REFUNDABLE (not paid) | ALREADY_REFUNDED | REFUND_CUTOFF_PASSED (buyer, past the cutoff) | ' +
      'REFUND_IN_PROGRESS | TICKET_CHECKED_IN | TICKET_ALREADY_VOIDED | NOTHING_TO_REFUND | ' +
      'TICKETS_NOT_ISSUED (try again in a moment)',
  })
  async create(
    @Param('id') id: string,
    @Body() body: CreateRefundRequest,
    @CurrentUser() caller: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RefundResponse> {
    const { statusCode, body: answer } = await this.requestRefund.execute(id, caller, body.passports);
    void reply.status(statusCode);
    return answer;
  }

  @Get(':id/refunds')
  @ApiOperation({ summary: "An order's refunds (the buyer or an admin)" })
  @ApiOkResponse({ type: RefundListResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'INVALID_PAYMENT_ID' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'NOT_YOUR_PAYMENT' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'PAYMENT_NOT_FOUND' })
  list(@Param('id') id: string, @CurrentUser() caller: AuthUser): Promise<RefundListResponse> {
    return this.listRefunds.execute(id, caller);
  }
}
