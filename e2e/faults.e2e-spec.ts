import { type AppName, type Platform, stack, startPlatform } from '@event-tickets/testing';
import { burst, createEvent, expectEachExactlyOnce, loginAdmin, newBuyer } from './purchases';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Servers and apps fail during bursts of purchases; every accepted purchase still completes exactly once. */
describe('faults during bursts of purchases', () => {
  let p: Platform;
  let adminToken: string;
  let eventId: number;

  beforeAll(async () => {
    p = await startPlatform({
      env: {
        LOG_LEVEL: 'error',
        PURCHASE_RATE_LIMIT_PER_MINUTE: '100000',
        LOGIN_RATE_LIMIT_PER_CLIENT: '100000',
        LOGIN_RATE_LIMIT_PER_EMAIL: '100000',
      },
    });
    adminToken = await loginAdmin(p);
    eventId = await createEvent(p, adminToken, 10_000);
  }, 180_000);

  afterAll(async () => {
    stack('start', 'kafka');
    stack('start', 'mail');
    await p?.stop();
  });

  it('Kafka stopped for 20 s during a burst, then restarted', async () => {
    const buyer = await newBuyer(p);
    const purchases = burst(p, buyer, eventId, 20, 150);
    await sleep(500);
    stack('stop', 'kafka');
    await sleep(20_000);
    stack('start', 'kafka');
    const accepted = await purchases;
    expect(accepted).toHaveLength(20);
    await expectEachExactlyOnce(p, buyer, accepted, 180_000);
  }, 360_000);

  it.each(['payments', 'events', 'clients', 'tickets', 'marketing'] as AppName[])(
    '%s killed (SIGKILL) during a burst, then restarted',
    async (app) => {
      const buyer = await newBuyer(p);
      const purchases = burst(p, buyer, eventId, 12, 200);
      await sleep(700);
      await p.kill(app, 'SIGKILL');
      await sleep(2000);
      await p.start(app);
      const accepted = await purchases;
      expect(accepted.length).toBeGreaterThan(app === 'payments' || app === 'events' ? 0 : 11);
      await expectEachExactlyOnce(p, buyer, accepted);
    },
    240_000,
  );

  it('the SMTP server down for 30 s during a burst', async () => {
    const buyer = await newBuyer(p);
    stack('stop', 'mail');
    const accepted = await burst(p, buyer, eventId, 10, 100);
    await sleep(30_000);
    stack('start', 'mail');
    expect(accepted).toHaveLength(10);
    await expectEachExactlyOnce(p, buyer, accepted);
  }, 240_000);

  it('PostgreSQL restarted: the apps recover on their own', async () => {
    const buyer = await newBuyer(p);
    const purchases = burst(p, buyer, eventId, 12, 200);
    await sleep(500);
    stack('restart', 'postgres');
    const accepted = await purchases;
    expect(accepted.length).toBeGreaterThan(0);
    await expectEachExactlyOnce(p, buyer, accepted);
    const after = await newBuyer(p);
    const more = await burst(p, after, eventId, 3, 100);
    expect(more).toHaveLength(3);
    await expectEachExactlyOnce(p, after, more);
  }, 300_000);
});
