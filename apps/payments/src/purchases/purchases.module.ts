import { Module } from '@nestjs/common';
import { RateLimitModule } from '@event-tickets/service-kit';
import { PaymentTokens } from '../common/payment-tokens';
import { PaymentsRepository } from '../common/payments.repository';
import { CreatePaymentUseCase } from './create-payment.use-case';
import { EventsClient } from './events.client';
import { ExpiredRecordsCleaner } from './expired-records.cleaner';
import { GetPaymentQuery } from './get-payment.query';
import { HoldReleaser } from './hold-releaser';
import { HoldReleasesRepository } from './hold-releases.repository';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';
import { PaymentsController } from './payments.controller';
import { PurchaseRateLimiter } from './purchase-rate-limiter';
import { PurchaseSlots } from './purchase-slots';

/** The HTTP API: buying a seat (POST /payments) and reading a payment. */
@Module({
  imports: [RateLimitModule.forPostgres()],
  controllers: [PaymentsController],
  providers: [
    PaymentsRepository,
    PaymentTokens,
    EventsClient,
    IdempotencyKeysRepository,
    PurchaseRateLimiter,
    PurchaseSlots,
    HoldReleasesRepository,
    HoldReleaser,
    ExpiredRecordsCleaner,
    CreatePaymentUseCase,
    GetPaymentQuery,
  ],
})
export class PurchasesModule {}
