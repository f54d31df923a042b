import { Controller, Get } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorResponse, Internal } from '@event-tickets/service-kit';
import { RevocationStore } from './revocation.store';

class RevocationEntry {
  @ApiProperty({ example: '6740b4f2c7d2a1e5f0a1b2c3' }) userId!: string;
  @ApiProperty({
    example: 1732400001,
    description: "unix seconds: the account's tokens whose iat is earlier are revoked",
  })
  notBefore!: number;
}

class RevocationsResponse {
  @ApiProperty({ type: [RevocationEntry] }) revocations!: RevocationEntry[];
}

/** Service-to-service: every app's token verifier polls this (TOKEN_REVOCATIONS_URL). */
@ApiTags('internal: token revocations')
@ApiBearerAuth()
@ApiHeader({ name: 'x-internal-token', required: false, description: 'instead of the Authorization header' })
@Internal()
@Controller('internal/revocations')
export class RevocationsController {
  constructor(private readonly store: RevocationStore) {}

  @Get()
  @ApiOperation({
    summary: 'Accounts whose earlier tokens are revoked (deleted, role changed, password changed)',
  })
  @ApiOkResponse({ type: RevocationsResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'no service token (user tokens are refused)' })
  async list(): Promise<RevocationsResponse> {
    return { revocations: await this.store.list() };
  }
}
