import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type AuthUser, CurrentUser, ErrorResponse, Roles } from '@event-tickets/service-kit';
import { CheckInUseCase } from './check-in.use-case';
import { GetTicketQuery } from './get-ticket.query';
import { ListTicketsQuery } from './list-tickets.query';
import { ResendTicketUseCase } from './resend-ticket.use-case';
import { TicketResponse } from './ticket.response';
import { ListTicketsRequest } from './tickets.requests';

const PASSPORT = { name: 'passport', format: 'uuid', description: 'the ticket code from the email' };
const NOT_FOUND = 'ticket is not found';
const NOT_OWNER =
  "NOT_YOUR_TICKET: not this account's ticket (the account that bought it, or an admin or staff member)";
const NOT_OWNER_RESEND =
  "NOT_YOUR_TICKET: not this account's ticket (the account that bought it, or an admin)";

@ApiTags('tickets')
@ApiBearerAuth()
@ApiUnauthorizedResponse({
  type: ErrorResponse,
  description: 'no token found | token is expired | token is unauthorized',
})
@Controller('tickets')
export class TicketsController {
  constructor(
    private readonly listTickets: ListTicketsQuery,
    private readonly getTicket: GetTicketQuery,
    private readonly checkIn: CheckInUseCase,
    private readonly resend: ResendTicketUseCase,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      "A buyer's tickets, newest first; total in X-Total-Count. A buyer asks for their own email and gets the " +
      'tickets their account bought; an admin or staff member gets every ticket of the email',
  })
  @ApiOkResponse({ type: [TicketResponse] })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'email is required' })
  @ApiForbiddenResponse({
    type: ErrorResponse,
    description: "NOT_YOUR_TICKET: another buyer's email (admins and staff may ask for any)",
  })
  async list(
    @Query() query: ListTicketsRequest,
    @CurrentUser() caller: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketResponse[]> {
    const { items, total } = await this.listTickets.execute({ ...query, caller });
    void reply.header('x-total-count', String(total));
    return items;
  }

  @Get(':passport')
  @ApiOperation({ summary: 'One ticket (the account that bought it, an admin or staff)' })
  @ApiParam(PASSPORT)
  @ApiOkResponse({ type: TicketResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: NOT_OWNER })
  @ApiNotFoundResponse({ type: ErrorResponse, description: NOT_FOUND })
  get(@Param('passport') passport: string, @CurrentUser() caller: AuthUser): Promise<TicketResponse> {
    return this.getTicket.execute({ passport, caller });
  }

  @Roles('ADMIN', 'STAFF')
  @Post(':passport/check-in')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Admit the ticket at the door (ADMIN or STAFF): once; later scans get 409, a voided ticket 409 too',
  })
  @ApiParam(PASSPORT)
  @ApiOkResponse({ type: TicketResponse, description: 'checked in now (see checkedInAt)' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Admin access required' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: NOT_FOUND })
  @ApiConflictResponse({
    type: ErrorResponse,
    description:
      'ALREADY_CHECKED_IN: ticket already checked in (details.checkedInAt: when); ' +
      'TICKET_VOIDED: refunded, not admitted (details.voidedAt: when)',
  })
  checkInTicket(
    @Param('passport') passport: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<TicketResponse> {
    return this.checkIn.execute({ passport, caller });
  }

  @Post(':passport/resend')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Email the same ticket (same passport) again (the account that bought it, or an admin)',
  })
  @ApiParam(PASSPORT)
  @ApiAcceptedResponse({ type: TicketResponse, description: 'queued (mailStatus PENDING)' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: NOT_OWNER_RESEND })
  @ApiConflictResponse({ type: ErrorResponse, description: 'TICKET_VOIDED: refunded, not sent again' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: NOT_FOUND })
  @ApiTooManyRequestsResponse({ type: ErrorResponse, description: 'resent moments ago; see Retry-After' })
  resendTicket(
    @Param('passport') passport: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<TicketResponse> {
    return this.resend.execute({ passport, caller });
  }
}
