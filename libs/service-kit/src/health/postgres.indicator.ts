import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { DependencyIndicator } from './dependency-indicator';

@Injectable()
export class PostgresHealthIndicator extends DependencyIndicator {
  readonly key = 'database';

  constructor(
    private readonly dataSource: DataSource,
    indicators: HealthIndicatorService,
  ) {
    super(indicators);
  }

  protected async ping() {
    await this.dataSource.query('SELECT 1');
    return { type: 'postgresql' };
  }
}
