import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { HealthChecks, Public } from '@event-tickets/service-kit';

/** The original's health path, kept as an alias of `/health`: readiness, the same cached report and statuses. */
@ApiTags('operations')
@Public()
@Controller()
export class HealthcheckController {
  constructor(private readonly health: HealthChecks) {}

  @Get('healthcheck')
  @ApiOperation({ summary: 'Alias of /health, readiness (the original events path)' })
  @ApiResponse({ status: 200, description: 'every dependency is up' })
  @ApiResponse({ status: 503, description: 'a dependency is down' })
  check(@Res() reply: FastifyReply) {
    return this.health.reply(reply);
  }
}
