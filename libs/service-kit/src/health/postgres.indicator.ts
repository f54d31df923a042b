import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Database } from '../database/sql';
import { DependencyIndicator } from './dependency-indicator';

@Injectable()
export class PostgresHealthIndicator extends DependencyIndicator {
  readonly key = 'database';

  constructor(
    private readonly database: Database,
    indicators: HealthIndicatorService,
  ) {
    super(indicators);
  }

  protected async ping() {
    await this.database.query('SELECT 1');
    return { type: 'postgresql' };
  }
}
