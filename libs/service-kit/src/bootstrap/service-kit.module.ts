import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { AuthModule } from '../auth/auth.module';
import { AppConfig } from '../config/app-config';
import { HealthChecks } from '../health/health-checks';
import { HealthController } from '../health/health.controller';
import { MetricsController } from '../metrics/metrics.controller';

/**
 * What every app gets: its validated config, the auth guard, `GET /health` and `GET /metrics`.
 * Terminus is exported so that an app's own health indicators can build their results with it.
 */
@Global()
@Module({})
export class ServiceKitModule {
  static forRoot(config: AppConfig<unknown>): DynamicModule {
    return {
      module: ServiceKitModule,
      // A failed check is in the 503 answer; Terminus logging it too would repeat every probe.
      imports: [AuthModule, DiscoveryModule, TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [{ provide: AppConfig, useValue: config }, HealthChecks],
      exports: [AppConfig, HealthChecks, TerminusModule],
    };
  }
}
