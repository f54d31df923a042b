import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { HealthChecks, Public } from '@event-tickets/service-kit';

/**
 * The original's health paths (Fiber's healthcheck middleware), kept beside `/health/live` and
 * `/health/ready`: liveness asks nothing, readiness is the kit's cached report.
 */
@ApiTags('operations')
@Public()
@Controller('healthcheck')
export class HealthcheckController {
  constructor(private readonly health: HealthChecks) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness (the original path): 200 "OK" while the process serves requests' })
  @ApiResponse({ status: 200, description: 'OK' })
  live(@Res() reply: FastifyReply) {
    return reply.status(200).type('text/plain; charset=utf-8').send('OK');
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness (the original path): the /health report, 200 or 503' })
  @ApiResponse({ status: 200, description: 'the database and Kafka are up' })
  @ApiResponse({ status: 503, description: 'a dependency is down (see `error`)' })
  ready(@Res() reply: FastifyReply) {
    return this.health.reply(reply);
  }
}
