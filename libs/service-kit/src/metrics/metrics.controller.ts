import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '../auth/auth.decorators';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { metricsRegistry } from '@event-tickets/telemetry';

@ApiTags('operations')
@Public()
@Controller()
export class MetricsController {
  @Get('metrics')
  @Header('Content-Type', metricsRegistry.contentType)
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format)' })
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
