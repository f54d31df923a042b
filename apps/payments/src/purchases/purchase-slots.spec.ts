import { type AppConfig, DomainError } from '@event-tickets/service-kit';
import type { PaymentsEnv } from '../config/payments.env';
import { PurchaseSlots } from './purchase-slots';

describe(PurchaseSlots.name, () => {
  const slots = (max: number, queue = 0, waitMs = 2000) =>
    new PurchaseSlots({
      env: { EVENTS_MAX_IN_FLIGHT: max, EVENTS_QUEUE_LIMIT: queue, EVENTS_QUEUE_WAIT_MS: waitMs },
    } as AppConfig<PaymentsEnv>);

  it('refuses the purchase beyond the limit and an empty queue at once (503, Retry-After), and frees slots as work ends', async () => {
    const limited = slots(2);
    const gates: (() => void)[] = [];
    const work = () => new Promise<string>((done) => gates.push(() => done('ok')));
    const first = limited.run(work);
    const second = limited.run(work);
    const started = Date.now();
    const third = await limited.run(work).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(50);
    expect(third).toBeInstanceOf(DomainError);
    expect(third).toMatchObject({ code: 'EVENTS_UNAVAILABLE', status: 503, details: { retryAfter: 1 } });
    expect(limited.inUse).toBe(2);

    gates.shift()!();
    expect(await first).toBe('ok');
    const fourth = limited.run(work);
    expect(limited.inUse).toBe(2);
    gates.forEach((open) => open());
    await Promise.all([second, fourth]);
    expect(limited.inUse).toBe(0);
  });

  it('frees the slot when the work fails', async () => {
    const limited = slots(1);
    await expect(limited.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limited.run(async () => 'again')).toBe('again');
  });

  it('lets a purchase wait in line for a slot, at most EVENTS_QUEUE_WAIT_MS, then refuses it (503, Retry-After)', async () => {
    const limited = slots(1, 1, 200);
    const gates: (() => void)[] = [];
    const work = () => new Promise<string>((done) => gates.push(() => done('ok')));
    const first = limited.run(work);
    const waiting = limited.run(async () => 'served after the first');
    const beyondQueue = await limited.run(work).catch((e: unknown) => e);
    expect(beyondQueue).toMatchObject({ code: 'EVENTS_UNAVAILABLE', status: 503 });
    gates.shift()!();
    expect(await first).toBe('ok');
    expect(await waiting).toBe('served after the first');

    const second = limited.run(work);
    const started = Date.now();
    const tooLong = await limited.run(work).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(tooLong).toMatchObject({ code: 'EVENTS_UNAVAILABLE', status: 503, details: { retryAfter: 1 } });
    gates.forEach((open) => open());
    await second;
    expect(limited.inUse).toBe(0);
  });
});
