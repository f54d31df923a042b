import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { type AuthUser, CurrentUser, ErrorResponse, Roles } from '@event-tickets/service-kit';
import type { ClientView } from './client.record';
import {
  ClientListResponse,
  ClientResponse,
  CreateClientRequest,
  FindClientsQuery,
} from './clients.requests';
import { CreateClientUseCase } from './create-client.use-case';
import { GetClientQuery } from './get-client.query';
import { ListClientsQuery } from './list-clients.query';

/** `?email=a&email=b` arrives as an array: the first value counts (for the check and the lookup alike). */
function firstValue(raw: unknown): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  return typeof value === 'string' ? value : '';
}

@ApiTags('clients')
@ApiBearerAuth()
@ApiUnauthorizedResponse({
  type: ErrorResponse,
  description: 'no token found | token is expired | token is unauthorized',
})
@Controller('clients')
export class ClientsController {
  constructor(
    private readonly getClient: GetClientQuery,
    private readonly listClients: ListClientsQuery,
    private readonly createClient: CreateClientUseCase,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'With `email`: one client (the account of its latest purchase, or an admin). Without: a page of clients (admin)',
  })
  @ApiExtraModels(ClientResponse, ClientListResponse)
  @ApiOkResponse({
    schema: { oneOf: [{ $ref: getSchemaPath(ClientResponse) }, { $ref: getSchemaPath(ClientListResponse) }] },
    description: 'ClientResponse with `email`, ClientListResponse without',
  })
  @ApiForbiddenResponse({
    type: ErrorResponse,
    description:
      "NOT_YOUR_CLIENT: another email than the token's, or a client of another account (or of none) to a " +
      'non-admin; ADMIN_REQUIRED: the list without being an admin',
  })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'client is not found' })
  find(
    @Query() query: FindClientsQuery,
    @CurrentUser() caller: AuthUser,
  ): Promise<ClientView | ClientListResponse> {
    return query.email !== undefined
      ? this.getClient.execute(firstValue(query.email), caller)
      : this.listClients.execute(query, caller);
  }

  @Roles('ADMIN')
  @Post()
  @ApiOperation({ summary: 'Create a client (ADMIN); publishes CLIENT_CREATED' })
  @ApiCreatedResponse({ type: ClientResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'the first failing rule: "the name field is mandatory", "the email field is mandatory", ...',
  })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Admin access required' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'client already exists (the email, in any case)' })
  create(@Body() body: CreateClientRequest): Promise<ClientView> {
    return this.createClient.execute({ name: body.name, email: body.email });
  }
}
