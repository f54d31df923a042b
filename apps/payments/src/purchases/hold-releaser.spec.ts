import type { AppConfig } from '@event-tickets/service-kit';
import type { PaymentsEnv } from '../config/payments.env';
import type { EventsClient } from './events.client';
import { HoldReleaser, RELEASE_BATCH, releaseDue } from './hold-releaser';
import type { DueRelease, HoldReleaseStore, HoldReleasesRepository } from './hold-releases.repository';

interface Row {
  event_id: string;
  attempts: number;
  dueAt: number;
  lastError?: string;
}

/** `hold_releases` in memory, on a clock the test moves. */
class FakeStore implements HoldReleaseStore {
  rows = new Map<string, Row>();
  now = 0;

  async expect(paymentId: string, eventId: string, graceMs: number) {
    this.rows.set(paymentId, { event_id: eventId, attempts: 0, dueAt: this.now + graceMs });
  }
  async settle(_sql: unknown, paymentId: string) {
    const row = this.rows.get(paymentId);
    if (!row || row.attempts > 0) return false;
    this.rows.delete(paymentId);
    return true;
  }
  async dueNow(paymentId: string) {
    const row = this.rows.get(paymentId);
    if (row) row.dueAt = this.now;
  }
  async forget(paymentId: string) {
    this.rows.delete(paymentId);
  }
  async claim(limit: number, leaseMs: number): Promise<DueRelease[]> {
    return [...this.rows.entries()]
      .filter(([, r]) => r.dueAt <= this.now)
      .slice(0, limit)
      .map(([payment_id, r]) => {
        r.attempts += 1;
        r.dueAt = this.now + leaseMs;
        return { payment_id, event_id: r.event_id, attempts: r.attempts };
      });
  }
  async retryLater(paymentId: string, delayMs: number, error: string) {
    const row = this.rows.get(paymentId)!;
    row.dueAt = this.now + delayMs;
    row.lastError = error;
  }
}

/** events that fails the first `failures` release calls (unreachable), then releases. */
function flakyEvents(failures: number) {
  const calls: [string, string][] = [];
  return {
    calls,
    release: async (paymentId: string, eventId: string) => {
      calls.push([paymentId, eventId]);
      if (calls.length <= failures) throw new Error('events service unavailable');
    },
  };
}

const quiet = { warn: () => undefined };
const LEASE = 8000;

describe('releaseDue (the hold releaser, one cycle)', () => {
  it('retries a failed release later, each time a little later, until events confirms; then forgets it', async () => {
    const store = new FakeStore();
    const events = flakyEvents(3);
    await store.expect('p1', '42', 33_000);

    expect(await releaseDue(store, events, LEASE, quiet)).toBe(false);
    expect(events.calls).toHaveLength(0); // not due yet: the purchase may still store it
    await store.dueNow('p1');

    const delays: number[] = [];
    for (let cycle = 0; cycle < 3; cycle += 1) {
      await releaseDue(store, events, LEASE, quiet);
      const row = store.rows.get('p1')!;
      expect(row.lastError).toBe('events service unavailable');
      delays.push(row.dueAt - store.now);
      // Nothing happens before the row is due again.
      await releaseDue(store, events, LEASE, quiet);
      expect(events.calls).toHaveLength(cycle + 1);
      store.now = row.dueAt;
    }
    expect(delays[0]).toBeGreaterThanOrEqual(500);
    expect(delays[2]!).toBeGreaterThan(delays[0]!);

    await releaseDue(store, events, LEASE, quiet);
    expect(events.calls).toEqual(Array(4).fill(['p1', '42']));
    expect(store.rows.size).toBe(0);
  });

  it('a release claimed by the releaser can no longer be stored by its purchase', async () => {
    const store = new FakeStore();
    await store.expect('p2', '7', 0);
    await releaseDue(store, flakyEvents(1), LEASE, quiet);
    expect(await store.settle(undefined, 'p2')).toBe(false);
    await store.expect('p3', '7', 30_000);
    expect(await store.settle(undefined, 'p3')).toBe(true);
  });

  it('reports a full batch so that the loop runs again at once', async () => {
    const store = new FakeStore();
    for (let i = 0; i < RELEASE_BATCH + 3; i += 1) await store.expect(`p${i}`, '1', 0);
    const events = flakyEvents(0);
    expect(await releaseDue(store, events, LEASE, quiet)).toBe(true);
    expect(await releaseDue(store, events, LEASE, quiet)).toBe(false);
    expect(store.rows.size).toBe(0);
    expect(events.calls).toHaveLength(RELEASE_BATCH + 3);
  });
});

describe('HoldReleaser.releaseNow', () => {
  const config = { env: { EVENTS_TIMEOUT_MS: 3000 } } as AppConfig<PaymentsEnv>;

  it('releases at once and forgets the row; when events fails, leaves it due for the loop', async () => {
    const store = new FakeStore();
    const events = flakyEvents(1);
    const releaser = new HoldReleaser(
      store as unknown as HoldReleasesRepository,
      events as unknown as EventsClient,
      config,
    );
    await store.expect('failed-now', '9', 33_000);
    await releaser.releaseNow('failed-now', '9');
    expect(store.rows.get('failed-now')?.dueAt).toBe(store.now);

    await store.expect('released-now', '9', 33_000);
    await releaser.releaseNow('released-now', '9');
    expect(store.rows.has('released-now')).toBe(false);
    expect(events.calls.map(([p]) => p)).toEqual(['failed-now', 'released-now']);
  });
});
