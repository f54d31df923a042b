import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { HealthChecks } from './health-checks';

@ApiTags('operations')
@Public()
@Controller()
export class HealthController {
  constructor(private readonly health: HealthChecks) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness and readiness: the app and each dependency it needs' })
  @ApiResponse({ status: 200, description: 'every dependency is up' })
  @ApiResponse({ status: 503, description: 'a dependency is down (see `error`)' })
  check(@Res() reply: FastifyReply) {
    return this.health.reply(reply);
  }
}
