import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@event-tickets/service-kit';
import { TokenSigner } from './token-signer';

@ApiTags('tokens')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly signer: TokenSigner) {}

  @Public()
  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'Public keys that verify the tokens users issues (JWKS)' })
  @ApiOkResponse({ description: '{ keys: [JWK] } — empty when the deployment uses the HS256 shared secret' })
  jwks() {
    return this.signer.jwks();
  }
}
