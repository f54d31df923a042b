import { randomBytes } from 'node:crypto';
import {
  type AppConfig,
  type AuthUser,
  KeyRing,
  type OutgoingMessage,
  type UnitOfWork,
} from '@event-tickets/service-kit';
import { PaymentTokens } from '../../common/payment-tokens';
import type { PaymentsRepository } from '../../common/payments.repository';
import type { PaymentsEnv } from '../../config/payments.env';
import { CreatePaymentUseCase } from '../create-payment.use-case';
import type { EventsClient, SeatHold } from '../events.client';
import type { HoldOrder } from '../hold-refusals';
import type { HoldReleaser } from '../hold-releaser';
import type { HoldReleasesRepository } from '../hold-releases.repository';
import type { IdempotencyKeysRepository } from '../idempotency-keys.repository';
import type { CreatePaymentRequest } from '../payment.requests';
import type { PurchaseRateLimiter } from '../purchase-rate-limiter';
import { PurchaseSlots } from '../purchase-slots';

/** CreatePaymentUseCase on fakes, for its specs: a buyer, a body, one seat held by events. */
export const keyRing = KeyRing.parse(`k1=${randomBytes(32).toString('base64')}`);
export const env = {
  HOLD_TTL_SECONDS: 120,
  EVENTS_TIMEOUT_MS: 3000,
  EVENTS_MAX_IN_FLIGHT: 64,
  PAYMENT_TOKEN_KEYS: keyRing,
};
export const config = { env } as AppConfig<PaymentsEnv>;
export const buyer = { id: 'u1', email: 'ana@example.com', role: 'PUBLIC' } as AuthUser;
export const body = {
  user_email: 'ana@example.com',
  event_id: '42',
  payment_token: 'TOKEN12',
} as CreatePaymentRequest;
export const hold: SeatHold = {
  payment_id: 'p',
  event_id: '42',
  status: 'HELD',
  expires_at: new Date(Date.now() + 120_000),
  quantity: 1,
  event: { name: 'Show', description: '', image_url: '', price: 10, currency: 'BRL', event_date: null },
};

export const tokens = new PaymentTokens(config);

/** The use case on fakes: what it asks events for, and what it leaves in `hold_releases`. */
export function setUp(
  options: {
    hold?: (order: HoldOrder) => Promise<SeatHold>;
    insert?: () => Promise<void>;
    soldOutMemoryMs?: number;
  } = {},
) {
  const rows = new Set<string>();
  const calls: string[] = [];
  const events = {
    hold: jest.fn(async (_e: string, _p: string, ttl: number, order: HoldOrder = {}) => {
      calls.push(`hold ${ttl}`);
      return options.hold ? options.hold(order) : hold;
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
  return { useCase, rows, calls, payments, published, events };
}
