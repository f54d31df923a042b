import {
  type DynamicModule,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { WorkerLoop } from '../workers/worker-loop';
import { MongoRateLimitStore } from './mongo-rate-limit.store';
import { PostgresRateLimitStore } from './postgres-rate-limit.store';
import { RateLimitStore } from './rate-limiter';

/** Hits are kept a window long; deleting them late costs only space, so the sweep is rare. */
const SWEEP_INTERVAL_MS = 60_000;

/** Deletes expired hits (neither store has a TTL index to do it: FerretDB has none). */
@Injectable()
export class RateLimitSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: WorkerLoop;

  constructor(store: RateLimitStore) {
    this.loop = new WorkerLoop({
      name: 'rate-limit-sweep',
      intervalMs: SWEEP_INTERVAL_MS,
      cycle: async () => {
        await store.sweep(new Date());
      },
    });
  }

  onApplicationBootstrap() {
    this.loop.start();
  }

  onApplicationShutdown() {
    return this.loop.stop();
  }
}

/** The `RateLimitStore` of an app (on its MongoDB or PostgreSQL) for its `RateLimiter`s, swept. */
@Module({})
export class RateLimitModule {
  static forMongo(): DynamicModule {
    return RateLimitModule.with([{ provide: RateLimitStore, useClass: MongoRateLimitStore }]);
  }

  /** The app lists `CreateRateLimitHits1732400000010` among its migrations. */
  static forPostgres(): DynamicModule {
    return RateLimitModule.with([{ provide: RateLimitStore, useClass: PostgresRateLimitStore }]);
  }

  private static with(providers: Provider[]): DynamicModule {
    return {
      module: RateLimitModule,
      providers: [...providers, RateLimitSweeper],
      exports: [RateLimitStore],
    };
  }
}
