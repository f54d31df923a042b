import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { HealthService, Public } from '@event-tickets/service-kit';

/** The original's health path, kept as an alias of `/health` (same report, same statuses). */
@ApiTags('operations')
@Public()
@Controller()
export class HealthcheckController {
  constructor(private readonly health: HealthService) {}

  @Get('healthcheck')
  @ApiOperation({ summary: 'Alias of /health (the original events path)' })
  @ApiResponse({ status: 200, description: 'every dependency is up' })
  @ApiResponse({ status: 503, description: 'a dependency is down' })
  async check(@Res() reply: FastifyReply) {
    const report = await this.health.report();
    return reply.status(report.status === 'ok' ? 200 : 503).send(report);
  }
}
