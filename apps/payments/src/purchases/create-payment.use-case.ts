import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Payments } from '@event-tickets/contracts';
import { type AuthUser, isUniqueViolation, outgoing, UnitOfWork } from '@event-tickets/service-kit';
import { sameAmount } from '../common/money';
import { paymentsMetrics } from '../common/payments.metrics';
import { PaymentsRepository } from '../common/payments.repository';
import { EventsClient, type SeatHold } from './events.client';
import { IdempotencyKeysRepository, type StoredAnswer } from './idempotency-keys.repository';
import type { CreatePaymentRequest, PaymentCreatedResponse } from './payment.requests';
import { PurchaseRateLimiter } from './purchase-rate-limiter';
import { PURCHASE_MESSAGES, purchasesError } from './purchases.errors';
import { requestHash } from './request-hash';

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
 * POST /payments: a logged-in buyer pays for a seat. The seat is held first (events gives the price
 * and the event details); the PENDING payment, its Idempotency-Key answer and PAYMENT_CREATED commit
 * together. A request that fails after the hold gives the seat back (best effort; the hold's TTL is
 * the safety net).
 */
@Injectable()
export class CreatePaymentUseCase {
  private readonly logger = new Logger(CreatePaymentUseCase.name);

  constructor(
    private readonly events: EventsClient,
    private readonly payments: PaymentsRepository,
    private readonly keys: IdempotencyKeysRepository,
    private readonly limiter: PurchaseRateLimiter,
    private readonly uow: UnitOfWork,
  ) {}

  async execute({ buyer, body, idempotencyKey }: CreatePaymentCommand): Promise<CreatePaymentResult> {
    if (body.user_email.toLowerCase() !== buyer.email.trim().toLowerCase())
      throw purchasesError('EMAIL_MISMATCH', PURCHASE_MESSAGES.EMAIL_MISMATCH);
    const hash = requestHash(body);
    if (idempotencyKey) {
      const previous = await this.keys.find<PaymentCreatedResponse>(buyer.id, idempotencyKey, hash);
      if (previous) return { answer: previous, replayed: true };
    }
    await this.limiter.hit(buyer.id);

    const paymentId = randomUUID();
    const hold = await this.events.hold(body.event_id, paymentId);
    try {
      const answer = await this.store(paymentId, hold, { buyer, body, idempotencyKey }, hash);
      paymentsMetrics.payments.inc({ status: 'PENDING' });
      this.logger.log({ paymentId, eventId: hold.event_id, userId: buyer.id }, 'payment created');
      return { answer, replayed: false };
    } catch (error) {
      await this.events.release(paymentId);
      if (idempotencyKey && isUniqueViolation(error)) {
        // The same key was used concurrently and the other request won: answer as it did.
        const previous = await this.keys.find<PaymentCreatedResponse>(buyer.id, idempotencyKey, hash);
        if (previous) return { answer: previous, replayed: true };
      }
      throw error;
    }
  }

  private async store(
    paymentId: string,
    hold: SeatHold,
    { buyer, body, idempotencyKey }: CreatePaymentCommand,
    hash: string,
  ): Promise<StoredAnswer<PaymentCreatedResponse>> {
    const { event } = hold;
    if (
      body.event_amount !== undefined &&
      body.event_amount !== null &&
      !sameAmount(body.event_amount, event.price)
    )
      throw purchasesError('AMOUNT_MISMATCH', PURCHASE_MESSAGES.AMOUNT_MISMATCH, {
        price: event.price,
        currency: event.currency,
      });
    const answer = { statusCode: 201, body: { payment_id: paymentId, status: 'PENDING' as const } };
    const buyerFields = {
      user_name: body.user_name ?? '',
      user_email: body.user_email,
      user_language: body.user_language ?? '',
    };
    await this.uow.run(async (tx) => {
      await this.payments.insert(tx, {
        id: paymentId,
        userId: buyer.id,
        userEmail: buyerFields.user_email,
        userName: buyerFields.user_name,
        userLanguage: buyerFields.user_language,
        eventId: hold.event_id,
        amount: event.price,
        currency: event.currency,
        eventName: event.name,
        eventDescription: event.description,
        eventImageUrl: event.image_url,
        eventDate: event.event_date,
        holdExpiresAt: hold.expires_at,
      });
      if (idempotencyKey) await this.keys.save(tx, buyer.id, idempotencyKey, hash, answer);
      await tx.publish(
        outgoing(
          Payments.PaymentCreatedV1,
          {
            payment_id: paymentId,
            ...buyerFields,
            event_id: hold.event_id,
            event_amount: event.price,
            payment_token: body.payment_token ?? '',
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
