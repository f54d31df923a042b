import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Connection } from 'mongoose';
import { DependencyIndicator } from './dependency-indicator';

@Injectable()
export class MongoHealthIndicator extends DependencyIndicator {
  readonly key = 'mongodb';

  constructor(
    @InjectConnection() private readonly connection: Connection,
    indicators: HealthIndicatorService,
  ) {
    super(indicators);
  }

  protected async ping() {
    if (!this.connection.db) throw new Error('not connected');
    await this.connection.db.admin().ping();
    return { database: this.connection.name };
  }
}
