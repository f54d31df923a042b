import { ApiProperty } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { Doc, PageQuery, RequestSchema, Trim } from '@event-tickets/service-kit';
import { CLIENT_RULES, ClientText, EmailShape, MAX_EMAIL_LENGTH, MAX_NAME_LENGTH } from './client-rules';

/** POST /clients: trimmed, checked in the original's order (CLIENT_RULES). */
@RequestSchema({ firstFailure: CLIENT_RULES })
export class CreateClientRequest {
  @Doc({ example: 'Ana', description: 'mandatory: "the name field is mandatory"' })
  @Trim()
  @ClientText('name', MAX_NAME_LENGTH)
  name!: string;

  @Doc({ example: 'ana@example.com', description: 'mandatory: "the email field is mandatory"' })
  @Trim()
  @ClientText('email', MAX_EMAIL_LENGTH)
  @EmailShape()
  email!: string;
}

/** `GET /clients?email=` (one client) or `?page=&size=` (the list); the email is read by the controller. */
@RequestSchema()
export class FindClientsQuery extends PageQuery {
  @Doc({ type: 'string', description: 'compared case-insensitively' })
  @Allow()
  email?: unknown;
}

export class ClientResponse {
  @ApiProperty({ example: '12', description: 'an integer, as a string (as the original)' }) id!: string;
  @ApiProperty({ example: 'Ana' }) name!: string;
  @ApiProperty({ example: 'ana@example.com' }) email!: string;
  @ApiProperty({ example: '2026-11-24T12:00:00.000Z' }) created_at!: string;
}

export class PaginationResponse {
  @ApiProperty({ example: 1 }) page!: number;
  @ApiProperty({ example: 10 }) size!: number;
  @ApiProperty({ example: 42 }) total!: number;
  @ApiProperty({ example: 5 }) totalPages!: number;
}

export class ClientListResponse {
  @ApiProperty({ type: [ClientResponse] }) clients!: ClientResponse[];
  @ApiProperty({ type: PaginationResponse }) pagination!: PaginationResponse;
}
