import { Controller, Get, Res } from '@nestjs/common';
import { Public } from '../auth/auth.decorators';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { HealthService } from './health.service';

@ApiTags('operations')
@Public()
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness and readiness: the app and each dependency it needs' })
  @ApiResponse({ status: 200, description: 'every dependency is up' })
  @ApiResponse({ status: 503, description: 'a dependency is down (see `error`)' })
  async check(@Res() reply: FastifyReply) {
    const report = await this.health.report();
    return reply.status(report.status === 'ok' ? 200 : 503).send(report);
  }
}
