import { Global, Injectable, Module } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { DependencyIndicator } from './dependency-indicator';
import { HealthChecks } from './health-checks';

/** A dependency whose answer the test decides. */
abstract class FakeDependency extends DependencyIndicator {
  answer: () => Promise<Record<string, unknown> | void> = async () => ({ version: 1 });
  protected ping() {
    return this.answer();
  }
}

@Injectable()
class FakeDatabase extends FakeDependency {
  readonly key = 'database';
  constructor(indicators: HealthIndicatorService) {
    super(indicators);
  }
}

@Injectable()
class FakeBroker extends FakeDependency {
  readonly key = 'kafka';
  constructor(indicators: HealthIndicatorService) {
    super(indicators);
  }
}

/** As ServiceKitModule does: Terminus for every module of the app. */
@Global()
@Module({
  imports: [DiscoveryModule, TerminusModule.forRoot({ logger: false })],
  providers: [HealthChecks],
  exports: [HealthChecks, TerminusModule],
})
class KitModule {}

@Module({ providers: [FakeBroker] })
class BrokerModule {}

@Module({ imports: [KitModule, BrokerModule], providers: [FakeDatabase] })
class TestModule {}

describe('HealthChecks (Terminus over every DependencyIndicator of the app)', () => {
  let app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;
  let checks: HealthChecks;
  let database: FakeDatabase;
  let broker: FakeBroker;

  beforeEach(async () => {
    app = await NestFactory.createApplicationContext(TestModule, { logger: false });
    checks = app.get(HealthChecks);
    database = app.get(FakeDatabase);
    broker = app.get(FakeBroker, { strict: false });
  });

  afterEach(() => app.close());

  it('finds the indicators of every module and reports them all up', async () => {
    expect(await checks.report()).toEqual({
      status: 'ok',
      info: { database: { status: 'up', version: 1 }, kafka: { status: 'up', version: 1 } },
      error: {},
      details: { database: { status: 'up', version: 1 }, kafka: { status: 'up', version: 1 } },
    });
  });

  it('reports a failing dependency as down with its message, the others still up', async () => {
    broker.answer = () => Promise.reject(new Error('connection refused'));
    expect(await checks.report()).toEqual({
      status: 'error',
      info: { database: { status: 'up', version: 1 } },
      error: { kafka: { status: 'down', message: 'connection refused' } },
      details: {
        database: { status: 'up', version: 1 },
        kafka: { status: 'down', message: 'connection refused' },
      },
    });
  });

  it('counts a dependency that does not answer in time as down', async () => {
    database.answer = () => new Promise(() => undefined);
    const started = Date.now();
    expect(await database.isHealthy(50)).toEqual({
      database: { status: 'down', message: 'timed out after 50 ms' },
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('answers 200 with the report, or 503 when a dependency is down', async () => {
    const sent: { status?: number; body?: unknown } = {};
    const reply = {
      status(code: number) {
        sent.status = code;
        return this;
      },
      send(body: unknown) {
        sent.body = body;
        return this;
      },
    };
    await checks.reply(reply as never);
    expect(sent).toMatchObject({ status: 200, body: { status: 'ok' } });
    database.answer = () => Promise.reject(new Error('down'));
    await checks.reply(reply as never);
    expect(sent).toMatchObject({ status: 503, body: { status: 'error', error: { database: {} } } });
  });
});
