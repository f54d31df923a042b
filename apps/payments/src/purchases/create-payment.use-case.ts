import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Payments } from '@event-tickets/contracts';
import {
  AppConfig,
  type AuthUser,
  isUniqueViolation,
  type KeyRing,
  outgoing,
  UnitOfWork,
} from '@event-tickets/service-kit';
import { paymentsMetrics } from '../common/payments.metrics';
import { PaymentTokens } from '../common/payment-tokens';
import { PaymentsRepository } from '../common/payments.repository';
import type { PaymentsEnv } from '../config/payments.env';
import { EventsClient, heldNothing, type SeatHold, UNAVAILABLE_RETRY_AFTER_SECONDS } from './events.client';
import { holdOrderOf, soldOut } from './hold-refusals';
import { HoldReleaser } from './hold-releaser';
import { HoldReleasesRepository } from './hold-releases.repository';
import { IdempotencyKeysRepository, type StoredAnswer } from './idempotency-keys.repository';
import { orderTerms } from './order-terms';
import type { CreatePaymentRequest, PaymentCreatedResponse } from './payment.requests';
import { PurchaseRateLimiter } from './purchase-rate-limiter';
import { PurchaseSlots } from './purchase-slots';
import { noSeatLeft, RecentlySoldOut, soldOutKey } from './recently-sold-out';
import { PURCHASE_MESSAGES, purchasesError } from './purchases.errors';
import { requestHash, sameRequest } from './request-hash';

export interface CreatePaymentCommand {
  buyer: AuthUser;
  body: CreatePaymentRequest;
  idempotencyKey?: string;
}

export interface CreatePaymentResult {
  answer: StoredAnswer<PaymentCreatedResponse>;
  /** The answer is the stored first answer to this Idempotency-Key. */
  replayed: boolean;
}

/**
 * POST /payments: a logged-in buyer pays for an order: `quantity` seats (1 when absent) of one
 * ticket type (the event's default when absent). The seats are held first, all or none, briefly
 * (HOLD_TTL_SECONDS; events gives the unit price and the event details); the PENDING payment, its
 * Idempotency-Key answer and PAYMENT_CREATED commit together; then the hold is extended to events'
 * full length. A `hold_releases` row is written before the hold is asked for and deleted with the
 * stored payment: whatever ends the purchase otherwise (events slow or failing, a refused body, a
 * database error, a crash) leaves the hold to be released, at once or by the background releaser.
 */
@Injectable()
export class CreatePaymentUseCase {
  private readonly logger = new Logger(CreatePaymentUseCase.name);
  private readonly holdTtlSeconds: number;
  /** How long a purchase has, from asking for the hold to storing the payment, before its hold is released. */
  private readonly storeGraceMs: number;
  private readonly soldOut: RecentlySoldOut;
  private readonly keyRing: KeyRing;

  constructor(
    private readonly events: EventsClient,
    private readonly payments: PaymentsRepository,
    private readonly keys: IdempotencyKeysRepository,
    private readonly limiter: PurchaseRateLimiter,
    private readonly slots: PurchaseSlots,
    private readonly releases: HoldReleasesRepository,
    private readonly releaser: HoldReleaser,
    private readonly uow: UnitOfWork,
    config: AppConfig<PaymentsEnv>,
    private readonly tokens: PaymentTokens,
  ) {
    this.holdTtlSeconds = config.env.HOLD_TTL_SECONDS;
    this.keyRing = config.env.PAYMENT_TOKEN_KEYS;
    this.storeGraceMs = config.env.EVENTS_TIMEOUT_MS + 30_000;
    this.soldOut = new RecentlySoldOut(config.env.PURCHASE_SOLD_OUT_MEMORY_MS);
  }

  async execute(command: CreatePaymentCommand): Promise<CreatePaymentResult> {
    const { buyer, body, idempotencyKey } = command;
    if (body.user_email.toLowerCase() !== buyer.email.trim().toLowerCase())
      throw purchasesError('EMAIL_MISMATCH', PURCHASE_MESSAGES.EMAIL_MISMATCH);
    const hash = requestHash(body, this.keyRing);
    const same = (stored: string) => sameRequest(stored, body, this.keyRing);
    if (idempotencyKey) {
      const previous = await this.keys.find<PaymentCreatedResponse>(buyer.id, idempotencyKey, same);
      if (previous) return { answer: previous, replayed: true };
    }
    if (this.soldOut.has(soldOutKey(body))) throw soldOut(0);
    // A purchase turned away for lack of a slot is not counted against the buyer's limit.
    return this.slots.run(async () => {
      await this.limiter.hit(buyer.id);
      return this.purchase(command, hash);
    });
  }

  private async purchase(command: CreatePaymentCommand, hash: string): Promise<CreatePaymentResult> {
    const { buyer, body, idempotencyKey } = command;
    // A fresh id per attempt: a buyer's retry (same Idempotency-Key or not) never meets a released hold.
    const paymentId = randomUUID();
    await this.releases.expect(paymentId, body.event_id, this.storeGraceMs);
    let hold: SeatHold;
    try {
      hold = await this.events.hold(body.event_id, paymentId, this.holdTtlSeconds, holdOrderOf(body));
    } catch (error) {
      if (noSeatLeft(error, body.quantity ?? 1)) this.soldOut.remember(soldOutKey(body));
      if (heldNothing(error)) await this.releases.forget(paymentId).catch(() => undefined);
      else await this.releaser.releaseLater(paymentId);
      throw error;
    }
    let answer: StoredAnswer<PaymentCreatedResponse>;
    try {
      answer = await this.store(paymentId, hold, command, hash);
    } catch (error) {
      await this.releaser.releaseNow(paymentId, body.event_id);
      if (idempotencyKey && isUniqueViolation(error)) {
        // The same key was used concurrently and the other request won: answer as it did.
        const previous = await this.keys.find<PaymentCreatedResponse>(buyer.id, idempotencyKey, (stored) =>
          sameRequest(stored, body, this.keyRing),
        );
        if (previous) return { answer: previous, replayed: true };
      }
      throw error;
    }
    paymentsMetrics.payments.inc({ status: 'PENDING' });
    this.logger.log({ paymentId, eventId: hold.event_id, userId: buyer.id }, 'payment created');
    await this.extendHold(paymentId);
    return { answer, replayed: false };
  }

  /**
   * Best effort: without it the payment keeps its first hold, and its deadline (never after the
   * hold's expiry) fails it when the hold ends, so held seats and pending payments still agree.
   */
  private async extendHold(paymentId: string): Promise<void> {
    try {
      const expiresAt = await this.events.extend(paymentId);
      if (expiresAt) await this.payments.holdExtended(paymentId, expiresAt);
    } catch (error) {
      this.logger.warn({ paymentId, err: error }, 'hold not extended: the payment keeps its first hold');
    }
  }

  private async store(
    paymentId: string,
    hold: SeatHold,
    { buyer, body, idempotencyKey }: CreatePaymentCommand,
    hash: string,
  ): Promise<StoredAnswer<PaymentCreatedResponse>> {
    const { event } = hold;
    const terms = orderTerms(body, hold);
    const answer = { statusCode: 201, body: { payment_id: paymentId, status: 'PENDING' as const } };
    const buyerFields = {
      user_name: body.user_name ?? '',
      user_email: body.user_email,
      user_language: body.user_language ?? '',
    };
    await this.uow.run(async (tx) => {
      // The releaser took the hold (this purchase outlived its grace): it is no longer ours to store.
      if (!(await this.releases.settle(tx, paymentId)))
        throw purchasesError('EVENTS_UNAVAILABLE', PURCHASE_MESSAGES.EVENTS_UNAVAILABLE, {
          retryAfter: UNAVAILABLE_RETRY_AFTER_SECONDS,
        });
      await this.payments.insert(tx, {
        id: paymentId,
        userId: buyer.id,
        userEmail: buyerFields.user_email,
        userName: buyerFields.user_name,
        userLanguage: buyerFields.user_language,
        eventId: hold.event_id,
        currency: event.currency,
        eventName: event.name,
        eventDescription: event.description,
        eventImageUrl: event.image_url,
        eventDate: event.event_date,
        holdExpiresAt: hold.expires_at,
        ...terms,
      });
      if (idempotencyKey) await this.keys.save(tx, buyer.id, idempotencyKey, hash, answer);
      await tx.publish(
        outgoing(
          Payments.PaymentCreatedV1,
          {
            payment_id: paymentId,
            ...buyerFields,
            event_id: hold.event_id,
            // What the transaction charges: the whole order.
            event_amount: terms.amount,
            // Sealed before it is written anywhere (outbox, then Kafka); only the gateway step opens it.
            payment_token: this.tokens.seal(body.payment_token ?? ''),
            event_name: event.name,
            event_description: event.description,
            event_image_url: event.image_url,
          },
          { key: paymentId, correlationId: paymentId },
        ),
      );
    });
    return answer;
  }
}
