import { Global, Injectable, Logger, Module } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { AppConfig } from '../config/app-config';
import { MailTransport } from '../mail/mail.transport';
import { DependencyDown, DependencyIndicator } from './dependency-indicator';
import { HealthChecks } from './health-checks';
import { healthEnv } from './health.env';
import { SmtpHealthIndicator } from './smtp.indicator';

/** A dependency whose answer the test decides, counting its pings. */
abstract class FakeDependency extends DependencyIndicator {
  pings = 0;
  answer: () => Promise<Record<string, unknown> | void> = async () => ({ version: 1 });
  protected ping() {
    this.pings++;
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

/** An SMTP server that answers verify() and counts the sessions it was asked for. */
const smtp = { sessions: 0, verify: async () => void smtp.sessions++ };

/** As ServiceKitModule does: Terminus for every module of the app, the app's config (defaults). */
@Global()
@Module({
  imports: [DiscoveryModule, TerminusModule.forRoot({ logger: false })],
  providers: [HealthChecks, { provide: AppConfig, useValue: new AppConfig('test', healthEnv.parse({})) }],
  exports: [HealthChecks, TerminusModule, AppConfig],
})
class KitModule {}

@Module({ providers: [FakeBroker] })
class BrokerModule {}

@Module({
  imports: [KitModule, BrokerModule],
  providers: [FakeDatabase, SmtpHealthIndicator, { provide: MailTransport, useValue: smtp }],
})
class TestModule {}

const ERROR_TEXT = 'connect ECONNREFUSED 10.1.2.3:5432';

describe('HealthChecks (Terminus over every DependencyIndicator of the app)', () => {
  let app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;
  let checks: HealthChecks;
  let database: FakeDatabase;
  let broker: FakeBroker;
  let now: number;

  /** Moves the clock the cache reads. */
  const advance = (ms: number) => (now += ms);

  beforeEach(async () => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    smtp.sessions = 0;
    app = await NestFactory.createApplicationContext(TestModule, { logger: false });
    checks = app.get(HealthChecks);
    database = app.get(FakeDatabase);
    broker = app.get(FakeBroker, { strict: false });
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await app.close();
  });

  it('finds the indicators of every module and reports them all up', async () => {
    expect(await checks.report()).toEqual({
      status: 'ok',
      info: {
        database: { status: 'up', version: 1 },
        kafka: { status: 'up', version: 1 },
        smtp: { status: 'up' },
      },
      error: {},
      details: {
        database: { status: 'up', version: 1 },
        kafka: { status: 'up', version: 1 },
        smtp: { status: 'up' },
      },
    });
  });

  it('reports a failing dependency as down and unreachable, without its error text, the others still up', async () => {
    broker.answer = () => Promise.reject(new Error(ERROR_TEXT));
    const report = await checks.report();
    expect(report).toEqual({
      status: 'error',
      info: { database: { status: 'up', version: 1 }, smtp: { status: 'up' } },
      error: { kafka: { status: 'down', message: 'unreachable' } },
      details: {
        database: { status: 'up', version: 1 },
        kafka: { status: 'down', message: 'unreachable' },
        smtp: { status: 'up' },
      },
    });
    expect(JSON.stringify(report)).not.toMatch(/10\.1\.2\.3|5432|ECONNREFUSED/);
  });

  it('counts a dependency that does not answer in time as down, timed out', async () => {
    database.answer = () => new Promise(() => undefined);
    const started = performance.now();
    expect(await database.isHealthy(50)).toEqual({
      database: { status: 'down', message: 'timed out' },
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('shows the message of a DependencyDown (an indicator chose what is public)', async () => {
    broker.answer = () => Promise.reject(new DependencyDown('consumer stopped', { groups: 1 }));
    expect(await broker.isHealthy()).toEqual({
      kafka: { status: 'down', message: 'consumer stopped', groups: 1 },
    });
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
    advance(5000);
    await checks.reply(reply as never);
    expect(sent).toMatchObject({ status: 503, body: { status: 'error', error: { database: {} } } });
  });

  it('reuses a result for 5 s (HEALTH_CACHE_MS), then checks again', async () => {
    await checks.report();
    advance(4999);
    await checks.report();
    expect([database.pings, broker.pings]).toEqual([1, 1]);
    database.answer = () => Promise.reject(new Error(ERROR_TEXT));
    advance(1);
    expect((await checks.report()).error).toEqual({ database: { status: 'down', message: 'unreachable' } });
    expect([database.pings, broker.pings]).toEqual([2, 2]);
  });

  it('lets concurrent calls share the one check in flight', async () => {
    let answer!: () => void;
    database.answer = () => new Promise<void>((resolve) => (answer = resolve));
    const reports = Array.from({ length: 50 }, () => checks.report());
    await new Promise((r) => setImmediate(r));
    answer();
    const all = await Promise.all(reports);
    expect(all.every((r) => r.status === 'ok')).toBe(true);
    expect(database.pings).toBe(1);
    expect(broker.pings).toBe(1);
  });

  it('opens an SMTP session at most once per 30 s (HEALTH_SMTP_CACHE_MS), whatever the calls', async () => {
    for (let i = 0; i < 30; i++) {
      await checks.report();
      advance(1000); // 30 calls over 29 s: one session; the other dependencies every 5 s
    }
    expect(smtp.sessions).toBe(1);
    expect(database.pings).toBe(6);
    advance(1000);
    await checks.report();
    expect(smtp.sessions).toBe(2);
  });

  it('logs the full error once per change of state, not per call', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    await checks.report();
    expect([warn.mock.calls.length, log.mock.calls.length]).toEqual([0, 0]);
    database.answer = () => Promise.reject(new Error(ERROR_TEXT));
    for (let i = 0; i < 4; i++) {
      advance(5000);
      await checks.report();
    }
    expect(database.pings).toBe(5);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatchObject({ dependency: 'database', err: { message: ERROR_TEXT } });
    database.answer = async () => ({ version: 1 });
    advance(5000);
    await checks.report();
    advance(5000);
    await checks.report();
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![1]).toBe('database is up');
  });

  it('answers liveness without asking any dependency, 503 shutting_down once the app stops', async () => {
    expect(checks.live()).toEqual({ status: 'ok' });
    expect([database.pings, broker.pings, smtp.sessions]).toEqual([0, 0, 0]);
    checks.beforeApplicationShutdown();
    const sent: { status?: number; body?: unknown } = {};
    const reply = {
      status: (code: number) => ((sent.status = code), reply),
      send: (body: unknown) => ((sent.body = body), reply),
    };
    checks.replyLive(reply as never);
    expect(sent).toEqual({ status: 503, body: { status: 'shutting_down' } });
  });
});
