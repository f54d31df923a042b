import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@event-tickets/service-kit';
import { PaymentsRepository } from '../common/payments.repository';
import { PaymentOutcomes } from './payment-outcomes';
import { TransactionsRepository } from './transactions.repository';

export const TIMEOUT_REASON = 'timeout';

/**
 * A batch of payments still PENDING after their deadline → FAILED "timeout", their transactions
 * too, with PAYMENT_FAILED (events releases the seats) and the rejection emails: one transaction.
 */
@Injectable()
export class ExpireOverduePaymentsUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly payments: PaymentsRepository,
    private readonly transactions: TransactionsRepository,
    private readonly outcomes: PaymentOutcomes,
  ) {}

  /** Returns how many payments timed out. */
  execute(batchSize: number): Promise<number> {
    return this.uow.run(async (tx) => {
      const overdue = await this.payments.failOverdue(tx, batchSize);
      if (!overdue.length) return 0;
      await this.transactions.failPendingOf(
        tx,
        overdue.map((p) => p.id),
        TIMEOUT_REASON,
      );
      for (const payment of overdue) await this.outcomes.failed(tx, payment);
      return overdue.length;
    });
  }
}
