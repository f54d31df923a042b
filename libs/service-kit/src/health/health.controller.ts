import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { HealthChecks } from './health-checks';

const READY_200 = { status: 200, description: 'every dependency is up' };
const READY_503 = {
  status: 503,
  description: 'a dependency is down (see `error`: `unreachable` or `timed out`, no addresses)',
};

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthChecks) {}

  @Get()
  @ApiOperation({
    summary: 'Readiness, as /health/ready: each dependency the app needs (checks cached a few seconds)',
  })
  @ApiResponse(READY_200)
  @ApiResponse(READY_503)
  check(@Res() reply: FastifyReply) {
    return this.health.reply(reply);
  }

  @Get('ready')
  @ApiOperation({
    summary:
      'Readiness: each dependency the app needs, `{ status, info, error, details }` (checks cached a few seconds)',
  })
  @ApiResponse(READY_200)
  @ApiResponse(READY_503)
  ready(@Res() reply: FastifyReply) {
    return this.health.reply(reply);
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process serves requests; no dependency is asked' })
  @ApiResponse({ status: 200, description: '`{ status: "ok" }`' })
  @ApiResponse({ status: 503, description: '`{ status: "shutting_down" }` while the app stops' })
  live(@Res() reply: FastifyReply) {
    return this.health.replyLive(reply);
  }
}
