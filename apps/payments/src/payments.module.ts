import { Module } from '@nestjs/common';
import { Payments } from '@event-tickets/contracts';
import {
  AddOutboxParking1732400000020,
  CreateMessagingTables1732400000000,
  CreateRateLimitHits1732400000010,
  MessagingModule,
  PostgresHealthIndicator,
  postgresModule,
} from '@event-tickets/service-kit';
import { CreatePayments1732500000000 } from './migrations/1732500000000-create-payments';
import { ExtendPayments1732500000001 } from './migrations/1732500000001-extend-payments';
import { CreateIdempotencyKeys1732500000002 } from './migrations/1732500000002-create-idempotency-keys';
import { CreateEmails1732500000003 } from './migrations/1732500000003-create-emails';
import { CreatePurchaseRateWindows1732500000004 } from './migrations/1732500000004-create-purchase-rate-windows';
import { AddEmailClaimToken1732500000007 } from './migrations/1732500000007-add-email-claim-token';
import { DropPurchaseRateWindows1732500000005 } from './migrations/1732500000005-drop-purchase-rate-windows';
import { CreateHoldReleases1732500000016 } from './migrations/1732500000016-create-hold-releases';
import { AddOrderColumns1732500000017 } from './migrations/1732500000017-add-order-columns';
import { CreateRefunds1732500000021 } from './migrations/1732500000021-create-refunds';
import { OriginalFailureReasons1732500000022 } from './migrations/1732500000022-original-failure-reasons';
import { PipelineModule } from './pipeline/pipeline.module';
import { PurchasesModule } from './purchases/purchases.module';
import { RefundsModule } from './refunds/refunds.module';

/** Schema changes only by these migrations (run at start-up), never `synchronize`. */
export const PAYMENTS_MIGRATIONS = [
  CreateMessagingTables1732400000000,
  AddOutboxParking1732400000020,
  CreatePayments1732500000000,
  ExtendPayments1732500000001,
  CreateIdempotencyKeys1732500000002,
  CreateEmails1732500000003,
  CreatePurchaseRateWindows1732500000004,
  AddEmailClaimToken1732500000007,
  CreateRateLimitHits1732400000010,
  DropPurchaseRateWindows1732500000005,
  CreateHoldReleases1732500000016,
  AddOrderColumns1732500000017,
  CreateRefunds1732500000021,
  OriginalFailureReasons1732500000022,
];

/**
 * Readiness is PostgreSQL and Kafka (MessagingModule). SMTP is deliberately not a readiness check:
 * emails are durable and retried, and an SMTP outage must not take purchases offline (the backlog
 * shows as `payment_emails_pending`).
 */
@Module({
  imports: [
    postgresModule({ migrations: PAYMENTS_MIGRATIONS }),
    // Every topic it writes is created at start-up (the outcome topics are not consumed here).
    MessagingModule.forPostgres({ produces: Object.values(Payments) }),
    PurchasesModule,
    PipelineModule,
    RefundsModule,
  ],
  providers: [PostgresHealthIndicator],
})
export class PaymentsModule {}
