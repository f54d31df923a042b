import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AppConfig } from '../config/app-config';
import { HealthController } from '../health/health.controller';
import { HealthService } from '../health/health.service';
import { MetricsController } from '../metrics/metrics.controller';

/** What every app gets: its validated config, the auth guard, `GET /health` and `GET /metrics`. */
@Global()
@Module({})
export class ServiceKitModule {
  static forRoot(config: AppConfig<unknown>): DynamicModule {
    return {
      module: ServiceKitModule,
      imports: [AuthModule],
      controllers: [HealthController, MetricsController],
      providers: [{ provide: AppConfig, useValue: config }, HealthService],
      exports: [AppConfig, HealthService],
    };
  }
}
