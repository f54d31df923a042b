import { Module } from '@nestjs/common';
import { ConfirmHoldUseCase } from './confirm-hold.use-case';
import { ExpireHoldsUseCase } from './expire-holds.use-case';
import { ExtendHoldUseCase } from './extend-hold.use-case';
import { HoldSeatUseCase } from './hold-seat.use-case';
import { HoldSweeper } from './hold-sweeper';
import { HoldsController } from './holds.controller';
import { PaymentFailedConsumer, PaymentSucceededConsumer } from './payment-outcomes.consumer';
import { PaymentRefundedConsumer } from './payment-refunded.consumer';
import { ReleaseHoldUseCase } from './release-hold.use-case';
import { SeatHoldsRepository } from './seat-holds.repository';

/** Seat holds for payments: the internal API, the payment-outcome consumers and the expiry sweep. */
@Module({
  controllers: [HoldsController],
  providers: [
    SeatHoldsRepository,
    HoldSeatUseCase,
    ConfirmHoldUseCase,
    ReleaseHoldUseCase,
    ExtendHoldUseCase,
    ExpireHoldsUseCase,
    HoldSweeper,
    PaymentSucceededConsumer,
    PaymentFailedConsumer,
    PaymentRefundedConsumer,
  ],
})
export class HoldsModule {}
