import {
  applyDecorators,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
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
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type AuthUser,
  clientKey,
  CurrentUser,
  ErrorResponse,
  Public,
  Roles,
} from '@event-tickets/service-kit';
import { CreateLeadUseCase } from './create-lead.use-case';
import { EraseLeadUseCase } from './erase-lead.use-case';
import { GetLeadQuery } from './get-lead.query';
import { LeadStatsQuery } from './lead-stats.query';
import { ListLeadsQuery } from './list-leads.query';
import { CreateLeadRequest, LeadStatsParams, ListLeadsParams } from './leads.requests';
import { LeadResponse, LeadStatsResponse } from './leads.responses';

/** ADMIN only, documented as such. */
const Admin = () =>
  applyDecorators(
    Roles('ADMIN'),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({
      type: ErrorResponse,
      description: 'no token found | token is expired | token is unauthorized',
    }),
    ApiForbiddenResponse({ type: ErrorResponse, description: 'Admin access required' }),
  );

/** Roles are per route: POST is public (a valid token, if any, only lets an admin post a converted lead). */
@ApiTags('leads')
@Controller('leads')
export class LeadsController {
  constructor(
    private readonly createLead: CreateLeadUseCase,
    private readonly listLeads: ListLeadsQuery,
    private readonly getLead: GetLeadQuery,
    private readonly eraseLead: EraseLeadUseCase,
    private readonly leadStats: LeadStatsQuery,
  ) {}

  @Public()
  @Post()
  @ApiOperation({
    summary: 'A lead from a sign-up form (public, rate limited per client address)',
    description: 'converted: true needs an ADMIN token; anyone may post converted: false.',
  })
  @ApiCreatedResponse({ type: LeadResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'invalid email, language or converted; attribution over 100',
  })
  @ApiForbiddenResponse({
    type: ErrorResponse,
    description: 'converted: true without an ADMIN token (CONVERTED_ADMIN_ONLY)',
  })
  @ApiConflictResponse({
    type: ErrorResponse,
    description: 'Duplicate lead (emails compare case-insensitively)',
  })
  @ApiTooManyRequestsResponse({
    type: ErrorResponse,
    description: 'too many leads from this address; see Retry-After',
  })
  create(
    @Body() body: CreateLeadRequest,
    @Req() request: FastifyRequest,
    @CurrentUser() caller: AuthUser | undefined,
  ): Promise<LeadResponse> {
    return this.createLead.execute({ ...body, client: clientKey(request), role: caller?.role });
  }

  // Declared before ':email' (the router also prefers the static segment): /leads/stats is never an email.
  @Get('stats')
  @Admin()
  @ApiOperation({
    summary: 'Totals, conversions and rates, per origin, language, source, campaign and medium',
  })
  @ApiOkResponse({ type: LeadStatsResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'from/to not a date, or from after to' })
  stats(@Query() query: LeadStatsParams): Promise<LeadStatsResponse> {
    return this.leadStats.execute(query);
  }

  @Get()
  @Admin()
  @ApiOperation({ summary: 'A page of leads, newest first (a JSON array; the total is in X-Total-Count)' })
  @ApiOkResponse({
    type: [LeadResponse],
    headers: { 'X-Total-Count': { description: 'leads matching in all', schema: { type: 'integer' } } },
  })
  @ApiBadRequestResponse({ type: ErrorResponse })
  async list(
    @Query() query: ListLeadsParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LeadResponse[]> {
    const converted = query.converted === undefined ? undefined : query.converted === 'true';
    const { leads, total } = await this.listLeads.execute({ ...query, converted });
    void reply
      .header('x-total-count', String(total))
      .header('access-control-expose-headers', 'X-Total-Count');
    return leads;
  }

  @Get(':email')
  @Admin()
  @ApiOperation({ summary: 'One lead by email (case-insensitive)' })
  @ApiOkResponse({ type: LeadResponse })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'Lead not found for field: <email>' })
  get(@Param('email') email: string): Promise<LeadResponse> {
    return this.getLead.execute(email);
  }

  @Delete(':email')
  @HttpCode(204)
  @Admin()
  @ApiOperation({ summary: 'Erase a lead (GDPR): the document is deleted' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'Lead not found for field: <email>' })
  async erase(@Param('email') email: string): Promise<void> {
    await this.eraseLead.execute(email);
  }
}
