import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
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
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type AuthUser, CurrentUser, ErrorResponse } from '@event-tickets/service-kit';
import { CreatePaymentUseCase } from './create-payment.use-case';
import { GetPaymentQuery } from './get-payment.query';
import { CreatePaymentRequest, PaymentCreatedResponse, PaymentResponse } from './payment.requests';
import { purchasesError } from './purchases.errors';

@ApiTags('payments')
@ApiBearerAuth()
@ApiUnauthorizedResponse({
  type: ErrorResponse,
  description: 'no token found | token is expired | token is unauthorized',
})
@Controller('payments')
export class PaymentsController {
  constructor(
    private readonly createPayment: CreatePaymentUseCase,
    private readonly getPayment: GetPaymentQuery,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Buy seats: hold them, store the payment PENDING, process it asynchronously',
    description:
      'The price and the event details come from events (a seat hold), never from the body. Optional `quantity` ' +
      '(default 1) seats of `ticket_type_id` (default: the event default type) are held together or not at all; ' +
      'the amount is the unit price × quantity. The outcome (SUCCESS | FAILED) arrives by email and on GET /payments/:id.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'The same key with the same body within 24 h answers the first answer and creates nothing; with another body 422.',
  })
  @ApiCreatedResponse({ type: PaymentCreatedResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description:
      'invalid fields (listed per field) | QUANTITY_ABOVE_LIMIT: above the event max_tickets_per_order (details.max_tickets_per_order)',
  })
  @ApiForbiddenResponse({
    type: ErrorResponse,
    description: "EMAIL_MISMATCH: user_email is not the token's email",
  })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'EVENT_NOT_FOUND | TICKET_TYPE_NOT_FOUND' })
  @ApiConflictResponse({
    type: ErrorResponse,
    description:
      'SOLD_OUT ("event is sold out", or fewer seats left than ordered: details.available) | AMOUNT_MISMATCH | ' +
      'SALE_NOT_STARTED | SALE_ENDED (the ticket type sale window) | EVENT_CANCELLED',
  })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponse,
    description: 'IDEMPOTENCY_KEY_REUSED with another body',
  })
  @ApiTooManyRequestsResponse({ type: ErrorResponse, description: 'TOO_MANY_PURCHASES; see Retry-After' })
  @ApiServiceUnavailableResponse({ type: ErrorResponse, description: 'EVENTS_UNAVAILABLE: retry later' })
  async create(
    @Body() body: CreatePaymentRequest,
    @CurrentUser() buyer: AuthUser,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PaymentCreatedResponse> {
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,255}$/.test(idempotencyKey))
      throw purchasesError(
        'INVALID_IDEMPOTENCY_KEY',
        'Idempotency-Key must be 1 to 255 visible ASCII characters',
      );
    const { answer, replayed } = await this.createPayment.execute({ buyer, body, idempotencyKey });
    void reply.status(answer.statusCode);
    if (replayed) void reply.header('idempotent-replayed', 'true');
    return answer.body;
  }

  @Get(':id')
  @ApiOperation({
    summary: 'A payment: its status, amount and order (the account that bought it, or an admin)',
  })
  @ApiOkResponse({ type: PaymentResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'INVALID_PAYMENT_ID: not a UUID' })
  @ApiForbiddenResponse({
    type: ErrorResponse,
    description:
      "NOT_YOUR_PAYMENT: another account's payment, or one without an account (the original's) to a non-admin",
  })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'PAYMENT_NOT_FOUND' })
  get(@Param('id') id: string, @CurrentUser() caller: AuthUser): Promise<PaymentResponse> {
    return this.getPayment.execute(id, caller);
  }
}
