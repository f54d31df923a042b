import { randomBytes } from 'node:crypto';
import {
  type AppConfig,
  type AuthUser,
  DomainError,
  KeyRing,
  type OutgoingMessage,
  type UnitOfWork,
} from '@event-tickets/service-kit';
import { PaymentTokens } from '../common/payment-tokens';
import type { PaymentsRepository } from '../common/payments.repository';
import type { PaymentsEnv } from '../config/payments.env';
import { CreatePaymentUseCase } from './create-payment.use-case';
import type { EventsClient, SeatHold } from './events.client';
import type { HoldReleaser } from './hold-releaser';
import type { HoldReleasesRepository } from './hold-releases.repository';
import type { IdempotencyKeysRepository } from './idempotency-keys.repository';
import type { CreatePaymentRequest } from './payment.requests';
import type { PurchaseRateLimiter } from './purchase-rate-limiter';
import { PurchaseSlots } from './purchase-slots';
import { purchasesError } from './purchases.errors';

const keyRing = KeyRing.parse(`k1=${randomBytes(32).toString('base64')}`);
const env = {
  HOLD_TTL_SECONDS: 120,
  EVENTS_TIMEOUT_MS: 3000,
  EVENTS_MAX_IN_FLIGHT: 64,
  PAYMENT_TOKEN_KEYS: keyRing,
};
const config = { env } as AppConfig<PaymentsEnv>;
const buyer = { id: 'u1', email: 'ana@example.com', role: 'PUBLIC' } as AuthUser;
const body = {
  user_email: 'ana@example.com',
  event_id: '42',
  payment_token: 'TOKEN12',
} as CreatePaymentRequest;
const hold: SeatHold = {
  payment_id: 'p',
  event_id: '42',
  status: 'HELD',
  expires_at: new Date(Date.now() + 120_000),
  quantity: 1,
  event: { name: 'Show', description: '', image_url: '', price: 10, currency: 'BRL', event_date: null },
};

const tokens = new PaymentTokens(config);

/** The use case on fakes: what it asks events for, and what it leaves in `hold_releases`. */
function setUp(
  options: { hold?: () => Promise<SeatHold>; insert?: () => Promise<void>; soldOutMemoryMs?: number } = {},
) {
  const rows = new Set<string>();
  const calls: string[] = [];
  const events = {
    hold: jest.fn(async (_e: string, _p: string, ttl: number) => {
      calls.push(`hold ${ttl}`);
      return options.hold ? options.hold() : hold;
    }),
    extend: jest.fn(async () => {
      calls.push('extend');
      return new Date(Date.now() + 900_000);
    }),
  };
  const payments = { insert: jest.fn(options.insert ?? (async () => undefined)), holdExtended: jest.fn() };
  const releases = {
    expect: async (paymentId: string) => void rows.add(paymentId),
    settle: async (_tx: unknown, paymentId: string) => rows.delete(paymentId),
    forget: async (paymentId: string) => void rows.delete(paymentId),
  };
  const releaser = {
    releaseNow: jest.fn(async () => calls.push('release now')),
    releaseLater: jest.fn(async () => calls.push('release later')),
  };
  const published: OutgoingMessage[] = [];
  const uow = {
    run: (work: (tx: unknown) => Promise<unknown>) =>
      work({ publish: async (message: OutgoingMessage) => void published.push(message) }),
  };
  const useCase = new CreatePaymentUseCase(
    events as unknown as EventsClient,
    payments as unknown as PaymentsRepository,
    { find: async () => undefined, save: async () => undefined } as unknown as IdempotencyKeysRepository,
    { hit: async () => undefined } as unknown as PurchaseRateLimiter,
    new PurchaseSlots(config),
    releases as unknown as HoldReleasesRepository,
    releaser as unknown as HoldReleaser,
    uow as unknown as UnitOfWork,
    { env: { ...env, PURCHASE_SOLD_OUT_MEMORY_MS: options.soldOutMemoryMs ?? 0 } } as AppConfig<PaymentsEnv>,
    tokens,
  );
  return { useCase, rows, calls, payments, published };
}

describe('CreatePaymentUseCase: holds never leak', () => {
  it('holds for HOLD_TTL_SECONDS, stores, then extends; nothing is left to release', async () => {
    const { useCase, rows, calls, payments } = setUp();
    const { answer } = await useCase.execute({ buyer, body });
    expect(answer.statusCode).toBe(201);
    expect(calls).toEqual(['hold 120', 'extend']);
    expect(payments.holdExtended).toHaveBeenCalledWith(answer.body.payment_id, expect.any(Date));
    expect(rows.size).toBe(0);
  });

  it('events late or failing: 503, and the hold it may have taken is released in the background', async () => {
    const { useCase, rows, calls } = setUp({
      hold: () => Promise.reject(purchasesError('EVENTS_UNAVAILABLE', 'events service unavailable')),
    });
    await expect(useCase.execute({ buyer, body })).rejects.toMatchObject({ code: 'EVENTS_UNAVAILABLE' });
    expect(calls).toEqual(['hold 120', 'release later']);
    expect(rows.size).toBe(1); // the releaser's row, until events confirms
  });

  it('sold out: nothing was held, nothing to release', async () => {
    const { useCase, rows, calls } = setUp({
      hold: () => Promise.reject(purchasesError('SOLD_OUT', 'event is sold out')),
    });
    await expect(useCase.execute({ buyer, body })).rejects.toMatchObject({ code: 'SOLD_OUT' });
    expect(calls).toEqual(['hold 120']);
    expect(rows.size).toBe(0);
  });

  it('sold out: the next purchases of that event within PURCHASE_SOLD_OUT_MEMORY_MS are answered 409 without asking events', async () => {
    const { useCase, calls, rows } = setUp({
      hold: () => Promise.reject(purchasesError('SOLD_OUT', 'event is sold out')),
      soldOutMemoryMs: 60_000,
    });
    await expect(useCase.execute({ buyer, body })).rejects.toMatchObject({ code: 'SOLD_OUT' });
    await expect(useCase.execute({ buyer, body })).rejects.toMatchObject({
      code: 'SOLD_OUT',
      message: 'event is sold out',
      status: 409,
    });
    expect(calls).toEqual(['hold 120']);
    expect(rows.size).toBe(0);
  });

  it('the payment is not stored (database error, refused body): the hold is released at once', async () => {
    const { useCase, calls } = setUp({ insert: () => Promise.reject(new Error('connection terminated')) });
    await expect(useCase.execute({ buyer, body })).rejects.toThrow('connection terminated');
    expect(calls).toEqual(['hold 120', 'release now']);
    const refused = setUp();
    await expect(
      refused.useCase.execute({ buyer, body: { ...body, event_amount: 11 } }),
    ).rejects.toBeInstanceOf(DomainError);
    expect(refused.calls).toEqual(['hold 120', 'release now']);
  });

  it('an extension that fails leaves the payment stored (201) on its first hold', async () => {
    const { useCase, calls, payments } = setUp();
    jest.spyOn(useCase['events'], 'extend').mockRejectedValue(new Error('timeout'));
    expect((await useCase.execute({ buyer, body })).answer.statusCode).toBe(201);
    expect(calls).toEqual(['hold 120']);
    expect(payments.holdExtended).not.toHaveBeenCalled();
  });
});

describe('CreatePaymentUseCase: the payment token', () => {
  it('is sealed before PAYMENT_CREATED is written to the outbox', async () => {
    const { useCase, published } = setUp();
    await useCase.execute({ buyer, body });
    expect(published).toHaveLength(1);
    const written = JSON.stringify(published[0]);
    expect(written).not.toContain(body.payment_token);
    const { payment_token } = published[0]!.payload as { payment_token: string };
    expect(payment_token).toMatch(/^sealed:v1:k1:/);
    expect(tokens.open(payment_token)).toBe(body.payment_token);
  });
});
