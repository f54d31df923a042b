import { ApiProperty } from '@nestjs/swagger';

/** POST /clients (documentation only: the body is checked by `newClient`, in the original's order). */
export class CreateClientRequest {
  @ApiProperty({ example: 'Ana', maxLength: 200, description: 'mandatory: "the name field is mandatory"' })
  name!: string;

  @ApiProperty({
    example: 'ana@example.com',
    maxLength: 254,
    description: 'mandatory: "the email field is mandatory"',
  })
  email!: string;
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
